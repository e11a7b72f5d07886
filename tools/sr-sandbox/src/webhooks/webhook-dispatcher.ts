import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../clock';
import { noInjectedFaults, type FaultSettings, type InjectedFaults } from '../http/faults';
import type { Random } from '../random';
import { signatureHeader } from './sign-delivery';

export interface WebhookSettings {
  /** Delays before each retry; SR retries up to 10 times over about 24 h (API-NOTES §8). */
  retryDelaysMs: number[];
  /** SR waits 20 s for the `X-Hook-Secret` echo. */
  handshakeTimeoutMs: number;
  /** SR waits 5 s for the acknowledgement. */
  deliveryTimeoutMs: number;
  /** Statuses that acknowledge a delivery; SR documents 202 only. */
  acceptedStatuses: number[];
  /** How long a superseded secret key stays valid (SR: 24 h) and how many may be live (SR: 16). */
  supersededKeyTtlMs: number;
  maxLiveKeys: number;
  /** Subscriptions per user or OAuth app (SR: 20). */
  maxSubscriptions: number;
  eventVersion: string;
}

export const srWebhookSettings: WebhookSettings = {
  retryDelaysMs: [60_000, 180_000, 600_000, 2_700_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000, 64_800_000, 86_400_000],
  handshakeTimeoutMs: 20_000,
  deliveryTimeoutMs: 5_000,
  acceptedStatuses: [202],
  supersededKeyTtlMs: 86_400_000,
  maxLiveKeys: 16,
  maxSubscriptions: 20,
  eventVersion: 'v201910',
};

export interface CallbackLogEntry {
  status: 'successful' | 'failed';
  timestamp: number;
  requestDetails: { url: string; body: string; headers: Record<string, string> };
}

export interface SbSubscription {
  id: string;
  ownerKey: string;
  callbackUrl: string;
  events: string[];
  status: 'inactive' | 'active';
  callbackAuthentication?: { type: string; headerName?: string; headerValue?: string; username?: string; password?: string };
  keys: { secret: string; createdAt: number; supersededAt?: number }[];
  log: CallbackLogEntry[];
}

interface Delivery {
  subscription: SbSubscription;
  eventId: string;
  eventName: string;
  body: string;
  link: string;
  attempt: number;
}

/** Subscriptions, the activation handshake and signed deliveries with retries (event-id stable). */
export class WebhookDispatcher {
  readonly subscriptions = new Map<string, SbSubscription>();
  /**
   * How the callbacks answered, by outcome (`202`, `503`, `timeout`, `unreachable`, `dropped`): for
   * tests that need to know why deliveries failed. Not part of SR's callbacks log.
   */
  readonly answers = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly clock: SandboxClock,
    readonly settings: () => WebhookSettings,
    private readonly faults: () => FaultSettings,
    private readonly random: () => Random,
    /** Counts the webhook faults it injects. */
    readonly injected: InjectedFaults = noInjectedFaults(),
  ) {}

  liveKeys(subscription: SbSubscription): string[] {
    const now = this.clock.now();
    return subscription.keys
      .filter((k) => k.supersededAt === undefined || k.supersededAt + this.settings().supersededKeyTtlMs > now)
      .map((k) => k.secret);
  }

  /** Adds a key; the previous latest key becomes superseded. Undefined when the live-key limit is hit. */
  createKey(subscription: SbSubscription): string | undefined {
    if (this.liveKeys(subscription).length >= this.settings().maxLiveKeys) return undefined;
    const now = this.clock.now();
    for (const key of subscription.keys) key.supersededAt ??= now;
    const secret = randomBytes(24).toString('base64url');
    subscription.keys.push({ secret, createdAt: now });
    return secret;
  }

  /** POSTs `X-Hook-Secret` to the callback; succeeds only on a 200 that echoes it in time. */
  async handshake(subscription: SbSubscription): Promise<boolean> {
    const secret = randomBytes(16).toString('hex');
    try {
      const response = await fetch(subscription.callbackUrl, {
        method: 'POST',
        headers: { 'X-Hook-Secret': secret, ...this.authHeaders(subscription) },
        signal: AbortSignal.timeout(this.settings().handshakeTimeoutMs),
      });
      await response.body?.cancel();
      return response.status === 200 && response.headers.get('x-hook-secret') === secret;
    } catch {
      return false;
    }
  }

  emit(eventName: string, payload: Record<string, string>, selfUrl: string): void {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.status !== 'active' || !subscription.events.includes(eventName)) continue;
      const delivery = { subscription, eventId: randomUUID(), eventName, body: JSON.stringify(payload), link: `<${selfUrl}>; rel=self`, attempt: 0 };
      const faults = this.faults();
      const copies = faults.duplicateWebhookRate && this.random().next() < faults.duplicateWebhookRate ? 2 : 1;
      if (copies === 2) this.injected.duplicatedWebhooks += 1;
      for (let copy = 0; copy < copies; copy++) this.deliverMaybeLate(delivery, faults);
    }
  }

  /** Delivers now, or (a `delayWebhookRate` fault) after a random wait, so that later events overtake it. */
  private deliverMaybeLate(delivery: Delivery, faults: FaultSettings): void {
    if (!faults.delayWebhookRate || this.random().next() >= faults.delayWebhookRate) {
      void this.deliver(delivery);
      return;
    }
    this.injected.delayedWebhooks += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(delivery);
    }, Math.floor(this.random().next() * (faults.webhookDelayMs ?? 2_000)));
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async deliver(delivery: Delivery): Promise<void> {
    if (this.closed) return;
    const { subscription } = delivery;
    const settings = this.settings();
    const timestamp = String(Math.floor(this.clock.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'event-name': delivery.eventName,
      'event-version': settings.eventVersion,
      'event-id': delivery.eventId,
      link: delivery.link,
      'smartrecruiters-timestamp': timestamp,
      ...this.authHeaders(subscription),
    };
    const keys = this.liveKeys(subscription);
    if (keys.length > 0) {
      headers['smartrecruiters-signature'] = signatureHeader(keys, {
        timestamp,
        body: delivery.body,
        eventId: delivery.eventId,
        eventName: delivery.eventName,
        eventVersion: settings.eventVersion,
        link: delivery.link,
      });
    }
    let ok = false;
    let answer = 'dropped';
    const dropped = (this.faults().dropWebhookRate ?? 0) > this.random().next();
    if (dropped) this.injected.droppedWebhooks += 1;
    if (!dropped) {
      try {
        const response = await fetch(subscription.callbackUrl, {
          method: 'POST',
          headers,
          body: delivery.body,
          signal: AbortSignal.timeout(settings.deliveryTimeoutMs),
        });
        await response.body?.cancel();
        ok = settings.acceptedStatuses.includes(response.status);
        answer = String(response.status);
      } catch (error) {
        ok = false;
        answer = (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable';
      }
    }
    this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1);
    subscription.log.push({
      status: ok ? 'successful' : 'failed',
      timestamp: this.clock.now(),
      requestDetails: { url: subscription.callbackUrl, body: delivery.body, headers },
    });
    const delay = settings.retryDelaysMs[delivery.attempt];
    if (ok || delay === undefined || this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver({ ...delivery, attempt: delivery.attempt + 1 });
    }, delay);
    this.timers.add(timer);
  }

  private authHeaders(subscription: SbSubscription): Record<string, string> {
    const auth = subscription.callbackAuthentication;
    if (auth?.type === 'header' && auth.headerName && auth.headerValue !== undefined) return { [auth.headerName]: auth.headerValue };
    if (auth?.type === 'basic') return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    return {};
  }
}
