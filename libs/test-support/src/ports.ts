import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port free at the time of asking, for a server that must keep its address across a
 * restart (a callback URL registered elsewhere). Another process could take it in between; tests on
 * one machine accept that.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
