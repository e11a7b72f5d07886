/**
 * A process that calls SR for one tenant, as sr-poller or response-writeback would (tests start it with
 * `node --import tsx`): `SR_API_URL`, `SR_ACCESS_TOKEN`, `CALLS` (every `LISTING_EVERY`-th, default 5th, a
 * `GET /candidates`, the others `GET /configuration/hiring-processes`), and the budget: `BUDGET=connector-auth` leases
 * permits from `CONNECTOR_AUTH_URL` with `INTERNAL_SERVICE_TOKEN` for `TENANT`; `BUDGET=process` keeps
 * its own in-process limiter. It starts calling when it reads a line on stdin, prints
 * `{"firstCallAt":…}` as its first call starts and `{"done":…,"failed":…}` at the end.
 */
import { createInterface } from 'node:readline';
import { connectorAuthRateLimiter } from '../http/connector-auth-rate-limiter';
import { srRateLimiter } from '../http/rate-limiter';
import { SmartRecruitersClient } from '../sr-client';
import { defaultSrSettings } from '../sr-settings';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const token = env('SR_ACCESS_TOKEN');
const limiter =
  env('BUDGET') === 'connector-auth'
    ? connectorAuthRateLimiter({ baseUrl: env('CONNECTOR_AUTH_URL'), serviceToken: env('INTERNAL_SERVICE_TOKEN'), tenant: env('TENANT') })
    : srRateLimiter(defaultSrSettings);
let firstCall = true;
const client = new SmartRecruitersClient({
  baseUrl: env('SR_API_URL'),
  credentialId: 'caller-process',
  limiter,
  auth: {
    accessToken: async () => {
      if (firstCall) console.log(JSON.stringify({ firstCallAt: Date.now() }));
      firstCall = false;
      return token;
    },
    rejected: () => undefined,
  },
});

const listingEvery = Number(process.env['LISTING_EVERY'] ?? '5');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const outcomes = await Promise.allSettled(
  Array.from({ length: Number(env('CALLS')) }, (_, n) => (listingEvery > 0 && n % listingEvery === 0 ? client.candidates.list().next() : client.jobs.hiringProcesses())),
);
const failed = outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason));
console.log(JSON.stringify({ done: outcomes.length - failed.length, failed }));
process.exit(0);
