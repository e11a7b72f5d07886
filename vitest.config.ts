import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The aliases come from tsconfig.base.json so that the two never disagree. */
function aliasesFromTsconfig(): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const root = fileURLToPath(new URL('.', import.meta.url));
  // Longest first, so `@srw/bus/testing` wins over `@srw/bus`.
  const entries = Object.entries(tsconfig.compilerOptions.paths).sort(([a], [b]) => b.length - a.length);
  return Object.fromEntries(entries.map(([name, [target]]) => [name, root + target]));
}

const alias = aliasesFromTsconfig();
const exclude = ['**/node_modules/**', '.infra/**', 'dist/**'];

export default defineConfig({
  resolve: { alias },
  test: {
    // The tier-order reporter fails a run whose tiers overlapped (see groupOrder below).
    reporters: ['default', './libs/test-support/src/tier-order-reporter.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['**/*.unit.spec.ts'],
          exclude,
          // Not 0: vitest treats groupOrder 0 with one worker (a 2-core machine) as "no order" and runs
          // those files after every ordered group, so the unit tier would run last.
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'int',
          include: ['**/*.int.spec.ts'],
          // Tiers run one after another: unit workers must not starve the Kafka group tests.
          sequence: { groupOrder: 2 },
          exclude,
          globalSetup: ['libs/test-support/src/global-setup.ts'],
          // Real servers are shared: one file at a time keeps topics, ports and CPU predictable.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['**/*.e2e.spec.ts'],
          sequence: { groupOrder: 3 },
          exclude,
          globalSetup: ['libs/test-support/src/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
