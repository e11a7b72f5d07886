import { keySegment, type WilloHttp } from './willo-http';
import { webhookInputWire, webhookWire, type WilloWebhook, type WilloWebhookTrigger } from './willo-wire';

export interface WilloWebhookInput {
  /** Where Willo POSTs; keep an unguessable token in it too (defence if signatures are absent). */
  targetUrl: string;
  trigger: WilloWebhookTrigger;
  isActive?: boolean;
  /** ASSUMED: our signing secret; when left out Willo makes one and shows it once, on creation. */
  secret?: string;
}

/** Webhook subscriptions, one per trigger (Willo's `trigger` is a single value). */
export interface WilloWebhooks {
  create(input: WilloWebhookInput): Promise<WilloWebhook>;
  list(): Promise<WilloWebhook[]>;
  /** Deletes; `NotFoundError` when the key is unknown (unless a lost answer of our own retry deleted it). */
  delete(key: string): Promise<void>;
  /**
   * The existing subscription for (targetUrl, trigger), switched back on if someone paused it, or a new
   * one: safe to call on every start.
   */
  ensure(input: WilloWebhookInput): Promise<WilloWebhook>;
}

export function willoWebhooks(http: WilloHttp): WilloWebhooks {
  const create = (input: WilloWebhookInput) =>
    http.request({
      method: 'POST',
      path: '/webhooks/',
      call: 'POST /webhooks/',
      body: webhookInputWire(input),
      schema: webhookWire,
    });
  const list = () => http.list({ path: '/webhooks/', call: 'GET /webhooks/', item: webhookWire });
  return {
    create,
    list,
    async delete(key) {
      await http.request({
        method: 'DELETE',
        path: `/webhooks/${keySegment(key, 'webhook')}/`,
        call: 'DELETE /webhooks/{key}/',
        schema: undefined,
        notFoundOnRepeatIsDone: true,
      });
    },
    async ensure(input) {
      const matching = (await list()).filter((w) => w.targetUrl === input.targetUrl && w.trigger === input.trigger);
      const active = matching.find((w) => w.isActive);
      if (active) return active;
      const paused = matching[0];
      if (!paused) return create(input);
      // An inactive subscription delivers nothing: returning it would leave us waiting for webhooks forever.
      return http.request({
        method: 'PATCH',
        path: `/webhooks/${keySegment(paused.key, 'webhook')}/`,
        call: 'PATCH /webhooks/{key}/',
        body: webhookInputWire({ targetUrl: input.targetUrl, trigger: input.trigger, isActive: true }),
        schema: webhookWire,
      });
    },
  };
}
