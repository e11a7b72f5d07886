import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { listeningOn } from '../startup-error';

export interface ListenOptions {
  port: number;
  host: string;
  /** The setting the port came from, named in the error when the port is taken. */
  portVariable: string;
}

export interface HttpServer {
  url: string;
  /**
   * Stops accepting connections, lets requests in flight finish, and closes keep-alive connections
   * as soon as they are idle (otherwise one idle browser tab keeps the port for minutes).
   */
  close(): Promise<void>;
}

export async function listen(fetch: (request: Request) => Response | Promise<Response>, options: ListenOptions): Promise<HttpServer> {
  const server = createAdaptorServer({ fetch }) as Server;
  await listeningOn(options.portVariable, options.port, () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    }),
  );
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  let closing: Promise<void> | undefined;
  server.on('request', (_request, response: ServerResponse) => {
    if (closing) response.shouldKeepAlive = false;
    // A keep-alive connection whose response ends while we close goes idle just after: close it then.
    response.once('finish', () => closing && setImmediate(() => server.closeIdleConnections()));
  });
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
