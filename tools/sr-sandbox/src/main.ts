import { z } from 'zod';
import { startSrSandbox } from './start-sandbox';

/** Standalone sandbox: `npx tsx tools/sr-sandbox/src/main.ts [port]` or SR_SANDBOX_PORT / SR_SANDBOX_JOBS / SR_SANDBOX_CANDIDATES. */
const env = z
  .object({
    SR_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
    SR_SANDBOX_HOST: z.string().default('127.0.0.1'),
    SR_SANDBOX_JOBS: z.coerce.number().int().min(0).default(200),
    SR_SANDBOX_CANDIDATES: z.coerce.number().int().min(0).default(2000),
    SR_SANDBOX_SEED: z.coerce.number().int().default(1),
  })
  .parse({ ...process.env, ...(process.argv[2] ? { SR_SANDBOX_PORT: process.argv[2] } : {}) });

const sandbox = await startSrSandbox({
  port: env.SR_SANDBOX_PORT,
  hostname: env.SR_SANDBOX_HOST,
  seed: { seed: env.SR_SANDBOX_SEED, jobs: env.SR_SANDBOX_JOBS, candidates: env.SR_SANDBOX_CANDIDATES },
});
console.log(`SmartRecruiters sandbox listening on ${sandbox.url}`);
console.log(`  authorize: ${sandbox.url}/identity/oauth/allow?client_id=${sandbox.client.clientId}&redirect_uri=${encodeURIComponent(sandbox.client.redirectUris[0] as string)}`);
console.log(`  client_id=${sandbox.client.clientId} client_secret=${sandbox.client.clientSecret}; control API under ${sandbox.url}/_control`);

const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
