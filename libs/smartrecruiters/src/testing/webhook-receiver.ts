import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  deliveries: ReceivedDelivery[];
  handshakes: number;
  /** Answers the next `n` deliveries with 500, to exercise SR's retries. */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** A callback endpoint on loopback: echoes `X-Hook-Secret`, records deliveries and answers 202. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let failures = 0;
  const receiver = { deliveries: [] as ReceivedDelivery[], handshakes: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const secret = req.headers['x-hook-secret'];
      if (typeof secret === 'string') {
        receiver.handshakes++;
        res.writeHead(200, { 'X-Hook-Secret': secret }).end();
        return;
      }
      receiver.deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (failures > 0) {
        failures--;
        res.writeHead(500).end();
        return;
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/smartrecruiters`,
    failNext: (n: number) => {
      failures = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
