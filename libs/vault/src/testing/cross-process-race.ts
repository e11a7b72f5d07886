import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { TokenVault } from '../token-vault/token-vault.port';

/**
 * Runs `processes` swapper processes against one tenant's grant, `attempts` swaps each, and checks
 * that every version was won exactly once: no refresh token was ever spent by two replicas.
 * `args` locate the storage for swapper-process.ts.
 */
export async function expectOneWinnerPerVersionAcrossProcesses(
  vault: TokenVault,
  tenant: string,
  args: string[],
  { processes = 4, attempts = 40 } = {},
): Promise<void> {
  await vault.create(tenant, { accessToken: 'AT-0', refreshToken: 'RT-0', expiresAt: 0, scopes: [] });
  const script = fileURLToPath(new URL('./swapper-process.ts', import.meta.url));
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, ['--import', 'tsx', script, args[0]!, args[1]!, tenant, String(attempts), ...args.slice(2)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map((child) => {
    let out = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.startsWith('ready\n')) resolve();
      }),
    );
    const done = new Promise<string[]>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').slice(1)) : reject(new Error(`swapper exited ${code}`)))),
    );
    return { ready, done };
  });
  // Every process has opened its vault before any swaps: they really race instead of taking turns.
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin.end('go\n');
  const outcomes = (await Promise.all(outputs.map((o) => o.done))).flat();
  const won = outcomes.filter((line) => line.startsWith('won')).map((line) => Number(line.split(' ')[1]));
  expect(outcomes).toHaveLength(processes * attempts);
  expect(outcomes, 'the processes never contended').toContain('lost');
  expect(new Set(won).size, 'a version won twice: a refresh token spent by two replicas').toBe(won.length);
  expect((await vault.read(tenant))?.version).toBe(1 + won.length);
}
