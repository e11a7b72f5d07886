import type { IncomingHttpHeaders } from 'node:http';
import { startWebhookReceiver as startLoopbackReceiver } from '@srw/test-support';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  deliveries: ReceivedDelivery[];
  readonly handshakes: number;
  /** Answers the next `n` deliveries with 500, to exercise SR's retries. */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** SR's side of test-support's loopback receiver: echoes `X-Hook-Secret`, records deliveries and answers 202. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let failures = 0;
  let handshakes = 0;
  const deliveries: ReceivedDelivery[] = [];
  const receiver = await startLoopbackReceiver(
    ({ headers, rawBody }) => {
      const secret = headers['x-hook-secret'];
      if (typeof secret === 'string') {
        handshakes++;
        return { status: 200, headers: { 'X-Hook-Secret': secret } };
      }
      deliveries.push({ headers, body: rawBody });
      if (failures > 0) {
        failures--;
        return 500;
      }
      return 202;
    },
    { path: '/hooks/smartrecruiters' },
  );
  return {
    url: receiver.url,
    deliveries,
    get handshakes() {
      return handshakes;
    },
    failNext: (n) => {
      failures = n;
    },
    close: () => receiver.close(),
  };
}
