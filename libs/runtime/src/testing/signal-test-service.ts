/**
 * A service run as a child process by `run-service.signals.int.spec.ts`. It prints each log line
 * as JSON; `GET /hold` answers only once the process has been told to stop, and with
 * FIXTURE_HANG_ON_STOP=1 its stop never finishes; with FIXTURE_HOLD_START=1 its start finishes only once
 * the process has been told to stop (a replica stopped while still joining its groups).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { runService } from '../run-service';
import { serviceConfigSchema } from '../service-config';

const terminating = new Promise<string>((resolve) => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve(`finished after ${signal}`));
});

const hold = new Hono().get('/', async (c) => {
  console.log(JSON.stringify({ message: 'holding a request' }));
  return c.text(await terminating);
});

await runService({
  name: 'signal-test-service',
  configSchema: serviceConfigSchema.extend({ FIXTURE_HANG_ON_STOP: z.enum(['0', '1']).default('0'), FIXTURE_HOLD_START: z.enum(['0', '1']).default('0') }),
  routes: () => ({ '/hold': hold }),
  companions: ({ config }) => [
    {
      name: 'a companion',
      start: async () => {
        if (config.FIXTURE_HOLD_START !== '1') return;
        console.log(JSON.stringify({ message: 'holding the start' }));
        await terminating;
      },
      stop: () => (config.FIXTURE_HANG_ON_STOP === '1' ? new Promise<void>(() => undefined) : Promise.resolve()),
    },
  ],
});
