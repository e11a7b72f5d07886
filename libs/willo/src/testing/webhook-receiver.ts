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

/**
 * A loopback HTTP endpoint (port 0) that records every POST. `answer` decides the status per delivery
 * (default 204), so a test can verify signatures there or fail the first attempts to force retries.
 */
export async function startWebhookReceiver(
  answer: (delivery: Omit<ReceivedDelivery, 'status'>) => number = () => 204,
): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = { headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
      let status = 500;
      let error: unknown;
      try {
        status = answer(delivery);
      } catch (thrown) {
        error = thrown;
      }
      received.push({ ...delivery, status, ...(error === undefined ? {} : { error }) });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/willo`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
