import { SqliteEventStore } from '@srw/event-store/embedded';
import { createLogger } from '@srw/observability';
import { problemOnError } from '@srw/runtime';
import { signWebhookBody, WilloNotConfiguredError } from '@srw/willo';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { willoWebhooksRoutes } from './willo-webhooks.routes';

const secret = 'a-webhook-signing-secret';
let eventStore: SqliteEventStore;
beforeEach(async () => {
  eventStore = await SqliteEventStore.open();
});
afterEach(() => eventStore.close());

describe('Willo webhooks for a tenant without Willo credentials', () => {
  it('answer 503 problem+json (Willo delivers again; by then a saved key may read it), appending nothing', async () => {
    const app = new Hono();
    app.route(
      '/webhooks/willo',
      willoWebhooksRoutes({
        eventStore,
        clock: { now: () => Date.now() },
        webhookSecretFor: () => secret,
        willoFor: (tenantId) => Promise.reject(new WilloNotConfiguredError(tenantId)),
      }),
    );
    app.onError(problemOnError(createLogger({ service: 'spec' }, { level: 'error' })));
    // A partial delivery (no metadata): the route must read the participant from Willo.
    const body = JSON.stringify({ trigger: 'new_response', created: new Date().toISOString(), participant: { key: 'p-1' } });

    const response = await app.request('/webhooks/willo/keyless', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-willo-signature': signWebhookBody(secret, body, Math.floor(Date.now() / 1000)) },
      body,
    });

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await eventStore.readAll()).toEqual([]);
  });
});
