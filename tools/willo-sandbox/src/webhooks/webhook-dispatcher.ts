import { createHmac, randomUUID } from 'node:crypto';
import { sandboxWire, type WebhookTrigger } from '../sandbox-settings';
import type { SandboxWebhook } from '../state/sandbox-state';

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  id: string;
  webhookKey: string;
  trigger: WebhookTrigger;
  targetUrl: string;
  body: string;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: DeliveryAttempt[];
}

export interface WebhookDispatcherOptions {
  /** Waits before each retry; the first attempt is immediate. ASSUMED, as Willo documents no policy. */
  retryDelaysMs: number[];
  timeoutMs: number;
  random: () => number;
  now: () => number;
}

/** Signs a body the way the sandbox assumes Willo does: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** Delivers webhooks at least once: signed, retried on failure, dropped at `dropRate`. */
export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  dropRate = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {}

  dispatch(webhooks: SandboxWebhook[], trigger: WebhookTrigger, payload: object): DeliveryRecord[] {
    return webhooks
      .filter((webhook) => webhook.is_active && webhook.trigger === trigger)
      .map((webhook) => {
        const record: DeliveryRecord = {
          id: randomUUID(),
          webhookKey: webhook.key,
          trigger,
          targetUrl: webhook.target_url,
          body: JSON.stringify(payload),
          state: 'pending',
          attempts: [],
        };
        this.deliveries.push(record);
        if (this.options.random() < this.dropRate) {
          record.state = 'dropped';
          return record;
        }
        this.track(this.deliver(webhook, record));
        return record;
      });
  }

  /** Resolves when no delivery is pending (retries included). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    // Waiting retries end now, so that `settled()` and a test's teardown never hang on them.
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(webhook: SandboxWebhook, record: DeliveryRecord): Promise<void> {
    const delays = [0, ...this.options.retryDelaysMs];
    for (const delay of delays) {
      if (delay > 0) await this.wait(delay);
      if (this.closed) break;
      const attempt: DeliveryAttempt = { at: new Date(this.options.now()).toISOString() };
      record.attempts.push(attempt);
      try {
        const unixSeconds = Math.floor(this.options.now() / 1000);
        const response = await fetch(record.targetUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'willo-sandbox-webhooks',
            [sandboxWire.signatureHeader]: signatureHeader(webhook.secret, record.body, unixSeconds),
            [sandboxWire.deliveryHeader]: record.id,
          },
          body: record.body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        attempt.status = response.status;
        await response.body?.cancel();
        if (response.ok) {
          record.state = 'delivered';
          return;
        }
      } catch (error) {
        attempt.error = error instanceof Error ? error.message : String(error);
      }
    }
    record.state = 'failed';
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }
}
