import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { jsonObject, optionalString, requiredString, type SandboxDeps, type SandboxEnv } from '../sandbox-deps';
import { badRequest, notFound } from '../http/sandbox-http-error';
import { sandboxWire, webhookTriggers, type WebhookTrigger } from '../sandbox-settings';
import { page, webhookBody } from '../wire';
import { pageSize } from './interviews.routes';

/** `/webhooks/` and `/webhooks/{key}/` [REF]; there is no `GET /webhooks/{key}/` in the reference. */
export function webhooksRoutes({ state }: SandboxDeps) {
  const app = new Hono<SandboxEnv>({ strict: true });

  app.get('/', (c) => {
    const items = state
      .listOf(state.webhooks, c.get('organisationId'))
      .map((w) => webhookBody(w, { withSecret: false }));
    return c.json(page(items, c.req.url, sandboxWire.pageParam, sandboxWire.pageSizeParam, pageSize(c.req.query())));
  });

  app.post('/', async (c) => {
    const body = await jsonObject(c);
    const webhook = {
      organisationId: c.get('organisationId'),
      key: state.newKey(),
      target_url: targetUrl(requiredString(body, 'target_url')),
      trigger: trigger(requiredString(body, 'trigger')),
      is_active: isActive(body['is_active']) ?? true,
      // ASSUMED: the caller may choose the signing secret; otherwise the sandbox makes one.
      secret: optionalString(body, 'secret') ?? randomBytes(24).toString('hex'),
    };
    state.webhooks.set(webhook.key, webhook);
    return c.json(webhookBody(webhook, { withSecret: true }), 201);
  });

  const update = (replace: boolean) => async (c: Context<SandboxEnv, '/:key/'>) => {
    const webhook = state.webhookOf(c.get('organisationId'), c.req.param('key'));
    if (!webhook) throw notFound();
    const body = await jsonObject(c);
    const url = replace ? requiredString(body, 'target_url') : optionalString(body, 'target_url');
    if (url !== undefined) webhook.target_url = targetUrl(url);
    const newTrigger = replace ? requiredString(body, 'trigger') : optionalString(body, 'trigger');
    if (newTrigger !== undefined) webhook.trigger = trigger(newTrigger);
    webhook.is_active = isActive(body['is_active']) ?? (replace ? true : webhook.is_active);
    return c.json(webhookBody(webhook, { withSecret: false }));
  };
  app.put('/:key/', update(true));
  app.patch('/:key/', update(false));

  app.delete('/:key/', (c) => {
    const webhook = state.webhookOf(c.get('organisationId'), c.req.param('key'));
    if (!webhook) throw notFound();
    state.webhooks.delete(webhook.key);
    return c.body(null, 204);
  });

  return app;
}

function targetUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // answered below
  }
  throw badRequest('target_url', 'Enter a valid URL.');
}

function trigger(value: string): WebhookTrigger {
  const found = webhookTriggers.find((t) => t === value);
  if (!found) throw badRequest('trigger', `"${value}" is not a valid choice.`);
  return found;
}

function isActive(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest('is_active', 'Must be a valid boolean.');
  return value;
}
