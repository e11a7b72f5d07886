import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { srDate } from '../clock';
import { requireScopes } from '../http/auth';
import { srError } from '../http/error-body';
import { dateParam, decodePageId, encodePageId, intParam, listingOf } from '../http/paging-cursor';
import type { SandboxEnv } from '../http/sandbox-env';
import type { SandboxDeps } from '../sandbox-deps';
import type { SbSubscription } from '../webhooks/webhook-dispatcher';

export interface WebhookRouteSettings {
  /** Real SR requires an https callback; loopback http is allowed so tests need no certificates. */
  allowLoopbackHttp: boolean;
}

const isLoopbackHttp = (url: URL) => url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

/** The spec's `EventName` enum: SR answers 422 when a subscription names any other event. */
export const srEventNames: ReadonlySet<string> = new Set([
  'job.created',
  'job.updated',
  'job.status.updated',
  'job.hiring-team.updated',
  'job.ad.created',
  'job.ad.updated',
  'job.ad.postings.updated',
  'position.created',
  'position.updated',
  'position.deleted',
  'application.created',
  'application.status.updated',
  'application.fields.updated',
  'application.onboarding-status.updated',
  'application.attachment.created',
  'application.source.updated',
  'candidate.created',
  'candidate.updated',
  'candidate.deleted',
  'offer.created',
  'offer.updated',
  'offer.approval.created',
  'offer.approval.approved',
  'offer.approval.rejected',
  'offer.approval.abandoned',
  'offer.approval.step.approved',
  'offer.approval.step.rejected',
  'offer.approver.skipped',
  'offer.approver.delegated',
  'offer.approval.comment.created',
  'job.approval.created',
  'job.approval.approved',
  'job.approval.rejected',
  'job.approval.abandoned',
  'job.approval.step.approved',
  'job.approval.step.rejected',
  'job.approver.skipped',
  'job.approver.delegated',
  'job.approval.comment.created',
  'review.created',
  'review.updated',
  'review.deleted',
  'application.screening-answers.created',
  'application.screening-answers.updated',
  'onboarding.process.started',
  'onboarding.assignments.high-priority.completed',
  'onboarding.assignments.completed',
]);

/** Webhooks API (`/webhooks-api/v201907`): subscriptions, activation, secret keys, callbacks log. */
export function webhooksRoutes(deps: SandboxDeps, settings: WebhookRouteSettings): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const dispatcher = deps.webhooks;
  const read = requireScopes(['webhooks_read'], ['webhooks_manage']);
  const write = requireScopes(['webhooks_write'], ['webhooks_manage']);
  const remove = requireScopes(['webhooks_delete'], ['webhooks_manage']);
  const view = (s: SbSubscription) => ({ id: s.id, callbackUrl: s.callbackUrl, events: s.events, status: s.status });
  const ownerKey = (grant: { clientId: string; userId: string }) => `${grant.clientId}/${grant.userId}`;

  const pageLink = (url: string, next: number) => {
    const link = new URL(url);
    link.searchParams.set('page_id', encodePageId(listingOf(url), String(next)));
    return `<${deps.baseUrl()}${link.pathname}${link.search}>; rel="next"`;
  };

  // Page ids are offsets bound to their listing (a subscription's log, or the subscriptions).
  const pageStart = (url: string, pageId: string | undefined) =>
    pageId === undefined ? 0 : Number(decodePageId(pageId, listingOf(url)) ?? Number.NaN);

  // The spec answers 422 for "callback URL is invalid or event name is not found", 400 for a malformed request.
  app.post('/subscriptions', write, async (c) => {
    const body = (await c.req.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return srError(c, 400, 'INVALID_REQUEST', 'The body must be a JSON object');
    const events = Array.isArray(body['events']) ? (body['events'] as unknown[]) : [];
    let callback: URL | undefined;
    try {
      callback = new URL(String(body['callbackUrl']));
    } catch {
      callback = undefined;
    }
    if (!callback || !(callback.protocol === 'https:' || (settings.allowLoopbackHttp && isLoopbackHttp(callback)))) {
      return srError(c, 422, 'INVALID_CALLBACK_URL', 'callbackUrl must be an https URL');
    }
    if (events.length === 0 || new Set(events).size !== events.length) {
      return srError(c, 422, 'INVALID_EVENTS', 'events must be a non-empty list of unique event names');
    }
    const unknown = events.find((e) => typeof e !== 'string' || !srEventNames.has(e));
    if (unknown !== undefined) return srError(c, 422, 'EVENT_NAME_NOT_FOUND', `Event name ${String(unknown)} is not found`);
    const owner = ownerKey(c.get('grant'));
    const owned = [...dispatcher.subscriptions.values()].filter((s) => s.ownerKey === owner);
    if (owned.length >= dispatcher.settings().maxSubscriptions) {
      return srError(c, 403, 'SUBSCRIPTIONS_LIMIT_EXCEEDED', 'Subscriptions limit exceeded');
    }
    const auth = body['callbackAuthentication'] as SbSubscription['callbackAuthentication'];
    if (auth?.type === 'header' && !/^x-/i.test(auth.headerName ?? '')) {
      return srError(c, 400, 'INVALID_CALLBACK_AUTHENTICATION', 'headerName must start with x-');
    }
    const subscription: SbSubscription = {
      id: randomUUID(),
      ownerKey: owner,
      callbackUrl: callback.toString(),
      events: events as string[],
      status: 'inactive',
      ...(auth ? { callbackAuthentication: auth } : {}),
      keys: [],
      log: [],
    };
    dispatcher.subscriptions.set(subscription.id, subscription);
    return c.json(view(subscription), 201);
  });

  app.get('/subscriptions', read, (c) => {
    const owner = ownerKey(c.get('grant'));
    const limit = intParam(c.req.query('limit'), 1, 100) ?? 10;
    const start = pageStart(c.req.url, c.req.query('page_id'));
    if (Number.isNaN(limit) || !Number.isInteger(start) || start < 0) return srError(c, 400, 'INVALID_PAGE_ID', 'page_id is invalid or belongs to another listing or filter');
    const owned = [...dispatcher.subscriptions.values()].filter((s) => s.ownerKey === owner);
    if (start + limit < owned.length) c.header('Link', pageLink(c.req.url, start + limit));
    return c.json(owned.slice(start, start + limit).map(view));
  });

  const find = (id: string, grant: { clientId: string; userId: string }) => {
    const s = dispatcher.subscriptions.get(id);
    return s && s.ownerKey === ownerKey(grant) ? s : undefined;
  };
  const notFound = (c: Parameters<typeof srError>[0]) => srError(c, 404, 'SUBSCRIPTION_NOT_FOUND', 'Subscription not found.');

  app.get('/subscriptions/:id', read, (c) => {
    const s = find(c.req.param('id'), c.get('grant'));
    return s ? c.json(view(s)) : notFound(c);
  });

  app.delete('/subscriptions/:id', remove, (c) => {
    const s = find(c.req.param('id'), c.get('grant'));
    if (!s) return notFound(c);
    dispatcher.subscriptions.delete(s.id);
    return c.body(null, 204);
  });

  app.put('/subscriptions/:id/activation', write, async (c) => {
    const s = find(c.req.param('id'), c.get('grant'));
    if (!s) return notFound(c);
    if (s.status === 'active') return srError(c, 409, 'SUBSCRIPTION_ALREADY_ACTIVE', 'Subscription already activated.');
    if (!(await dispatcher.handshake(s))) return srError(c, 424, 'HANDSHAKE_FAILED', 'Webhook activation handshake failed.');
    s.status = 'active';
    return c.body(null, 204);
  });

  app.post('/subscriptions/:id/secret-key', write, (c) => {
    const s = find(c.req.param('id'), c.get('grant'));
    if (!s) return notFound(c);
    const secretKey = dispatcher.createKey(s);
    if (!secretKey) return srError(c, 403, 'SECRET_KEYS_LIMIT_EXCEEDED', 'Secret keys limit exceeded');
    return c.json({ secretKey }, 201);
  });

  app.get('/subscriptions/:id/secret-key', read, (c) => {
    const s = find(c.req.param('id'), c.get('grant'));
    if (!s) return notFound(c);
    const latest = s.keys[s.keys.length - 1];
    if (!latest) return srError(c, 404, 'SECRET_KEY_NOT_FOUND', 'No secret key was generated');
    return c.json({ secretKey: latest.secret });
  });

  app.get('/subscriptions/:id/callbacks-log', read, (c) => {
    const s = find(c.req.param('id'), c.get('grant'));
    if (!s) return notFound(c);
    const limit = intParam(c.req.query('limit'), 1, 100) ?? 10;
    const start = pageStart(c.req.url, c.req.query('page_id'));
    const after = dateParam(c.req.query('after'));
    const before = dateParam(c.req.query('before'));
    if ([limit, after, before].some((n) => Number.isNaN(n))) return srError(c, 400, 'INVALID_PARAMETER', 'invalid query');
    if (!Number.isInteger(start) || start < 0) return srError(c, 400, 'INVALID_PAGE_ID', 'page_id is invalid or belongs to another listing or filter');
    const status = c.req.query('callbackStatus');
    if (status !== undefined && status !== 'successful' && status !== 'failed') {
      return srError(c, 400, 'INVALID_PARAMETER', 'callbackStatus must be successful or failed');
    }
    const since = Math.max(after ?? 0, deps.clock.now() - 30 * 86_400_000);
    const entries = s.log.filter(
      (e) => (status === undefined || e.status === status) && e.timestamp >= since && (before === undefined || e.timestamp < before),
    );
    // "Retrieve callback request details starting from newest" (spec summary).
    entries.reverse();
    if (start + limit < entries.length) c.header('Link', pageLink(c.req.url, start + limit));
    return c.json(entries.slice(start, start + limit).map((e) => ({ ...e, timestamp: srDate(e.timestamp) })));
  });
  return app;
}
