import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** What the receiver answered. */
  status: number;
  /** What `answer` threw, if it did (answered 500): a failing check shows in the test, not as a crash. */
  error?: unknown;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  close(): Promise<void>;
}

/** A status, or a status with response headers (an SR subscription handshake echoes a header). */
export type WebhookAnswer = number | { status: number; headers: Record<string, string> };

/**
 * A loopback HTTP endpoint (port 0) that records every request, for both vendors' webhook tests.
 * `answer` decides the status per delivery (default 204), so a test can verify signatures there or
 * fail the first attempts to force retries. `path` only shapes the URL (any path is accepted).
 */
export async function startWebhookReceiver(
  answer: (delivery: Omit<ReceivedDelivery, 'status'>) => WebhookAnswer = () => 204,
  { path = '/hooks' }: { path?: string } = {},
): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = { headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
      let answered: WebhookAnswer = 500;
      let error: unknown;
      try {
        answered = answer(delivery);
      } catch (thrown) {
        error = thrown;
      }
      const { status, headers } = typeof answered === 'number' ? { status: answered, headers: {} } : answered;
      received.push({ ...delivery, status, ...(error === undefined ? {} : { error }) });
      response.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
