import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Packages that talk to infrastructure, and their deep paths: never allowed in `domain` or `contracts`. */
const infrastructurePackages = [
  'kafkajs',
  'mongodb',
  '@eventstore/*',
  '@kurrent/*',
  'hono',
  '@hono/*',
  'testcontainers',
  '@testcontainers/*',
  '@opentelemetry/*',
  'node:*',
].flatMap((name) => (name.endsWith('*') ? [name] : [name, `${name}/*`]));

/** Node's built-in modules by their bare names (`crypto`, `fs/promises`): the `node:` prefix is optional. */
const bareBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

/**
 * Production code depends only downwards: contracts ← domain ← data-access/util ← apps. Test doubles
 * (`type:testing`, including the SR and Willo sandboxes) may be imported by specs and `testing/`
 * entry points only.
 */
function boundaries({ tests, allow = [] }) {
  const testing = tests ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: false,
    allow,
    // A composition root loads a real adapter's entry point (`@srw/bus/kafka`, `@srw/vault/mongo`) on
    // demand, so that an embedded run never loads its client; the port and the embedded twin stay static imports.
    checkDynamicDependenciesExceptions: ['^@srw/(event-store|bus|read-store|vault)(/[a-z-]+)?$'],
    depConstraints: [
      // Vendors stay apart: the SR and Willo sides share only what is shared.
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:sr', onlyDependOnLibsWithTags: ['scope:sr', 'scope:shared'] },
      { sourceTag: 'scope:willo', onlyDependOnLibsWithTags: ['scope:willo', 'scope:shared'] },
      // Composition roots and benchmarks over the whole workspace.
      { sourceTag: 'scope:cross', onlyDependOnLibsWithTags: ['*'] },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: infrastructurePackages },
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:util', ...testing],
        bannedExternalImports: infrastructurePackages,
      },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', ...testing] },
      {
        sourceTag: 'type:data-access',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:data-access', ...testing],
      },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:data-access', 'type:testing'],
      },
      {
        // The embedded mode's composition root: every app plus the sandboxes, in one process.
        sourceTag: 'type:launcher',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:data-access', 'type:testing', 'type:app'],
      },
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util', 'type:data-access', ...testing],
      },
    ],
  };
}

/**
 * The apps the launcher composes, by their entry points (`apps/<app>/src/index.ts`: the factory and the
 * ports it takes, nothing else). Nx forbids importing an application outright, whatever the tags say, so
 * these are allowed by name, in the launcher only; any other project importing them still fails.
 */
const composedApps = ['@srw/connector-auth', '@srw/stage-projector', '@srw/sr-poller', '@srw/config-api', '@srw/response-writeback', '@srw/invite-dispatcher'];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.infra/**', '.nx/**', '.data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-throw-literal': 'error',
      '@nx/enforce-module-boundaries': ['error', boundaries({ tests: false })],
    },
  },
  {
    // Built-ins are not projects, so the boundary rule cannot see them: banned here instead.
    files: ['libs/contracts/**/*.ts', 'libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bareBuiltins.map((name) => ({ name, message: 'contracts and domain stay pure: time, ids and I/O come in from outside.' })),
          patterns: [{ group: ['node:*'], message: 'contracts and domain stay pure: time, ids and I/O come in from outside.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/src/testing/**/*.ts', 'bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ tests: true })] },
  },
  {
    // Benchmarks measure an app's factory through its entry point, as the launcher composes it.
    files: ['bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ tests: true, allow: composedApps })] },
  },
  {
    files: ['apps/all-in-one/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ tests: false, allow: composedApps })] },
  },
  {
    files: ['apps/all-in-one/**/*.spec.ts', 'apps/all-in-one/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries({ tests: true, allow: composedApps })] },
  },
];
