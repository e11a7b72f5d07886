import { nextCursorFromLink } from '../http/link-header';
import type { SrHttp } from '../http/sr-http';
import { type Page, paginate } from '../paging';
import { type CallbackLogEntry, callbackLog, type KnownCallbackStatus, secretKey, subscription, subscriptions, type WebhookSubscription } from '../schemas/webhooks';

export interface SubscriptionInput {
  /** https; SR POSTs the `X-Hook-Secret` handshake and then deliveries here. */
  callbackUrl: string;
  events: string[];
  alertingEmailAddress?: string;
  callbackAuthentication?:
    | { type: 'header'; headerName: string; headerValue: string }
    | { type: 'basic'; username: string; password: string }
    | { type: 'oauth2'; clientId: string; clientSecret: string; tokenServiceUrl: string };
}

/** Webhooks API (`/webhooks-api/v201907`): subscriptions, activation, secret keys, callbacks log. */
export class WebhooksApi {
  constructor(private readonly http: SrHttp) {}

  async create(input: SubscriptionInput): Promise<WebhookSubscription> {
    return (await this.http.send({ api: 'webhooks', method: 'POST', path: '/subscriptions', body: input, schema: subscription })).data;
  }

  list(from?: string): AsyncGenerator<Page<WebhookSubscription>, void, undefined> {
    return paginate(async (cursor) => {
      const { data, headers } = await this.http.send({
        api: 'webhooks',
        method: 'GET',
        path: '/subscriptions',
        query: { limit: 100, page_id: cursor },
        schema: subscriptions,
      });
      return { items: data, cursor, nextCursor: nextCursorFromLink(headers.get('link'), 'page_id') };
    }, from);
  }

  async get(id: string): Promise<WebhookSubscription> {
    return (await this.http.send({ api: 'webhooks', method: 'GET', path: `/subscriptions/${encodeURIComponent(id)}`, route: '/subscriptions/{id}', schema: subscription })).data;
  }

  /** SR performs the `X-Hook-Secret` handshake before answering; a failed one is an UpstreamError (424). */
  async activate(id: string): Promise<void> {
    const path = `/subscriptions/${encodeURIComponent(id)}/activation`;
    // 409 (already active) answering a repeat after a 5xx means the first attempt activated it.
    await this.http.send({ api: 'webhooks', method: 'PUT', path, schema: undefined, doneIfRepeatAnswers: [409] });
  }

  async delete(id: string): Promise<void> {
    await this.http.send({ api: 'webhooks', method: 'DELETE', path: `/subscriptions/${encodeURIComponent(id)}`, route: '/subscriptions/{id}', schema: undefined, doneIfRepeatAnswers: [404] });
  }

  /** A new signing key; the previous one stays valid 24 h, so verify with all live keys meanwhile. */
  async createSecretKey(id: string): Promise<string> {
    const path = `/subscriptions/${encodeURIComponent(id)}/secret-key`;
    return (await this.http.send({ api: 'webhooks', method: 'POST', path, schema: secretKey })).data.secretKey;
  }

  async secretKey(id: string): Promise<string> {
    const path = `/subscriptions/${encodeURIComponent(id)}/secret-key`;
    return (await this.http.send({ api: 'webhooks', method: 'GET', path, schema: secretKey })).data.secretKey;
  }

  callbacksLog(
    id: string,
    filter: { callbackStatus?: KnownCallbackStatus; after?: string; before?: string } = {},
    from?: string,
  ): AsyncGenerator<Page<CallbackLogEntry>, void, undefined> {
    return paginate(async (cursor) => {
      const { data, headers } = await this.http.send({
        api: 'webhooks',
        method: 'GET',
        path: `/subscriptions/${encodeURIComponent(id)}/callbacks-log`,
        route: '/subscriptions/{id}/callbacks-log',
        query: { ...filter, limit: 100, page_id: cursor },
        schema: callbackLog,
      });
      return { items: data, cursor, nextCursor: nextCursorFromLink(headers.get('link'), 'page_id') };
    }, from);
  }
}
