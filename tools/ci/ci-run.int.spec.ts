import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/**
 * Runs the real `.ci/run` with the tools it calls replaced by stubs on the PATH: the `npm run
 * test:servers` stub writes down the environment CI would test with, and nothing is installed or started.
 */
function ciEnvironment(env: Record<string, string>): Record<string, string> {
  const bin = mkdtempSync(join(tmpdir(), 'ci-run-stubs-'));
  const seen = join(bin, 'seen.json');
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  for (const name of ['node', 'java', 'go', 'npx']) stub(name, 'echo stub-$0');
  const keys = ['KAFKA_PORT', 'KAFKA_CONTROLLER_PORT', 'MONGO_PORT', 'INFRA_DIR', 'NX_SKIP_NX_CACHE', 'CI'];
  stub(
    'npm',
    `if [ "$1 $2" = "run test:servers" ]; then
  ${process.execPath} -e 'const keys = process.argv.slice(1); require("fs").writeFileSync(${JSON.stringify(seen)}, JSON.stringify(Object.fromEntries(keys.map((k) => [k, process.env[k]]))))' ${keys.join(' ')}
fi`,
  );
  try {
    execFileSync('bash', [join(root, '.ci/run')], {
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: process.env['HOME'] ?? '/tmp', ...env },
      stdio: 'ignore',
    });
    return JSON.parse(readFileSync(seen, 'utf8')) as Record<string, string>;
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('.ci/run', () => {
  it('uses ports and a data folder of its own by default, and lints with the Nx cache skipped', () => {
    expect(ciEnvironment({})).toEqual({
      KAFKA_PORT: '19092',
      KAFKA_CONTROLLER_PORT: '19093',
      MONGO_PORT: '27117',
      INFRA_DIR: join(root, '.infra/ci'),
      NX_SKIP_NX_CACHE: 'true',
      CI: 'true',
    });
  });

  it('takes its ports and data folder from the environment where they are set', () => {
    const moved = { KAFKA_PORT: '29092', KAFKA_CONTROLLER_PORT: '29093', MONGO_PORT: '27217', INFRA_DIR: '/tmp/ci-elsewhere' };
    expect(ciEnvironment(moved)).toMatchObject(moved);
  });
});

describe('the Nx cache', () => {
  const nxCacheDir = () =>
    execFileSync(process.execPath, ['-e', "process.stdout.write(require('nx/src/utils/cache-directory').cacheDir)"], {
      cwd: root,
      env: { ...process.env, NX_CACHE_DIRECTORY: '', NX_WORKSPACE_DATA_DIRECTORY: '', NX_PROJECT_GRAPH_CACHE_DIRECTORY: '' },
      encoding: 'utf8',
    });

  it('lives inside the checkout, so a clean clone never reuses results another checkout left in ~/.nx', () => {
    expect(nxCacheDir()).toBe(join(root, '.nx/cache'));
  });
});
