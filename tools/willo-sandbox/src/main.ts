import { startWilloSandbox } from './start-sandbox';

/**
 * Standalone: `npx tsx tools/willo-sandbox/src/main.ts [port]` (or WILLO_SANDBOX_PORT).
 * Prints the API base URL and the demo organisation's API key.
 */
const portArgument = process.argv[2] ?? process.env['WILLO_SANDBOX_PORT'] ?? '4020';
const port = Number.parseInt(portArgument, 10);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`willo-sandbox: invalid port "${portArgument}"`);
  process.exit(2);
}

const sandbox = await startWilloSandbox({ port, host: process.env['WILLO_SANDBOX_HOST'] ?? '127.0.0.1' });
console.log(`Willo sandbox: ${sandbox.apiBaseUrl}/`);
console.log(`Demo API key (Authorization header): ${sandbox.apiKey}`);
console.log(`Interviews: ${sandbox.interviewKeys.join(', ')}`);
console.log(`Control: POST ${sandbox.url}/_control/participants/<key>/complete`);

const shutdown = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
