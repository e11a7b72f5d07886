import { ForbiddenError, NotFoundError, UpstreamError } from '@srw/errors';
import { itemsOf, type SmartRecruitersClient, type WebhookSubscription } from '@srw/smartrecruiters';
import type { SrWebhookKeys } from './webhook-keys';

/**
 * What the intake observes: a move (`application.status.updated`) and a new application, which
 * enters its first stage without a status update (API-NOTES §8). Candidate and job events carry
 * nothing the stage triggers need; the polls keep those.
 */
export const srWebhookEvents = ['application.status.updated', 'application.created'] as const;

/** One scope set that lets a grant manage subscriptions (API-NOTES §1 and §8). */
const webhookScopeSets: readonly (readonly string[])[] = [['webhooks_manage'], ['webhooks_read', 'webhooks_write']];

export interface EnsureSubscriptionInput {
  tenant: string;
  /** Where SR delivers: our `POST /sr/webhooks/:tenant`, https in production. */
  callbackUrl: string;
  /** Where the signing key goes before activation, so the first delivery already verifies. */
  keys: SrWebhookKeys;
  /** The grant's scopes (`SrTokens.scopes`); when given and none allows webhooks, SR is not asked. */
  grantedScopes?: readonly string[];
}

export type EnsureSubscriptionResult =
  | { status: 'active'; subscriptionId: string; reused: boolean }
  | { status: 'skipped'; reason: string };

/**
 * Makes SR deliver the tenant's application events to `callbackUrl`: reuses a subscription of this
 * grant to the same URL (active or not) or creates one, makes sure it has a signing key and that we
 * hold it, and activates it (SR's `X-Hook-Secret` handshake against our route). Idempotent: a second
 * call makes only reads and creates nothing. When the grant may not manage webhooks (its scopes, or
 * SR answering 403) it returns `skipped` with the reason and the tenant stays on audit feed and polls.
 */
export async function ensureSrWebhookSubscription(client: SmartRecruitersClient, input: EnsureSubscriptionInput): Promise<EnsureSubscriptionResult> {
  const { grantedScopes } = input;
  if (grantedScopes && !webhookScopeSets.some((set) => set.every((scope) => grantedScopes.includes(scope)))) {
    return { status: 'skipped', reason: `the grant's scopes (${grantedScopes.join(' ')}) include neither webhooks_manage nor webhooks_read with webhooks_write` };
  }
  try {
    const callbackUrl = new URL(input.callbackUrl).toString();
    const existing = await findSubscription(client, callbackUrl);
    const subscription = existing ?? (await client.webhooks.create({ callbackUrl, events: [...srWebhookEvents] }));
    await input.keys.remember(input.tenant, await signingKey(client, subscription.id, existing !== undefined));
    if (subscription.status !== 'active') await activate(client, subscription.id);
    return { status: 'active', subscriptionId: subscription.id, reused: existing !== undefined };
  } catch (error) {
    // PERMISSION_DENIED (a scope SR wants that the grant lacks) or SUBSCRIPTIONS_LIMIT_EXCEEDED: either
    // way webhooks are not to be had for now, which is a state of the tenant, not a failure.
    if (error instanceof ForbiddenError) return { status: 'skipped', reason: `SR refused webhooks: ${error.message}` };
    throw error;
  }
}

/** A subscription of this grant to the same URL covering our events; SR lists only the grant's own. */
async function findSubscription(client: SmartRecruitersClient, callbackUrl: string): Promise<WebhookSubscription | undefined> {
  for await (const subscription of itemsOf(client.webhooks.list())) {
    if (sameUrl(subscription.callbackUrl, callbackUrl) && srWebhookEvents.every((event) => subscription.events.includes(event))) return subscription;
  }
  return undefined;
}

const sameUrl = (a: string, b: string): boolean => {
  try {
    return new URL(a).toString() === new URL(b).toString();
  } catch {
    return false;
  }
};

/**
 * The latest key of a reused subscription (a restarted process lost its keys: SR signs with every
 * live key, the latest among them), or a new one. Only a fresh subscription or one without any key
 * gets a new key: creating one on every start would use up SR's 16 live keys in a day.
 */
async function signingKey(client: SmartRecruitersClient, subscriptionId: string, reused: boolean): Promise<string> {
  if (reused) {
    try {
      return await client.webhooks.secretKey(subscriptionId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return client.webhooks.createSecretKey(subscriptionId);
}

async function activate(client: SmartRecruitersClient, subscriptionId: string): Promise<void> {
  try {
    await client.webhooks.activate(subscriptionId);
  } catch (error) {
    // 409: activated meanwhile (another replica's ensure, or listed just before its handshake finished).
    if (error instanceof UpstreamError && error.status === 409) return;
    throw error;
  }
}
