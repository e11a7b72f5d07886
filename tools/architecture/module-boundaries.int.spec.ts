import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The architecture is enforced by lint, not by goodwill: these probes lint code that breaks a rule,
 * as if it stood in the named file, and expect the boundary rule to fail it.
 */
const workspace = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: workspace });

// The boundary rule reads Nx's cached project graph and, without one, skips itself silently: in a
// fresh clone where nothing ran `nx` yet, every probe would pass for the wrong reason. Build it first.
beforeAll(async () => {
  process.env['NX_DAEMON'] = 'false';
  const graph = await createProjectGraphAsync({ exitOnError: false });
  expect(Object.keys(graph.nodes)).toContain('contracts');
});

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it.each(['kafkajs', 'kafkajs/src/index.js', 'mongodb', 'mongodb/lib/index.js', '@eventstore/db-client', 'hono', 'hono/utils', 'node:fs', 'crypto', 'fs/promises'])(
    'contracts may not import the infrastructure package %s',
    async (pkg) => {
      const errors = await boundaryErrors('libs/contracts/src/probe.ts', `import * as x from '${pkg}';\nexport const y = x;\n`);
      expect(errors.join('\n')).toMatch(/not allowed|stay pure/i);
    },
  );

  it.each(['kafkajs', 'mongodb', '@eventstore/db-client', 'hono', '@opentelemetry/api', 'node:crypto', 'crypto', 'fs'])(
    'domain may not import the infrastructure package %s',
    async (pkg) => {
      const errors = await boundaryErrors('libs/domain/src/probe.ts', `import * as x from '${pkg}';\nexport const y = x;\n`);
      expect(errors.join('\n')).toMatch(/not allowed|stay pure/i);
    },
  );

  it.each([
    ['@srw/event-store', 'SqliteEventStore'],
    ['@srw/runtime', 'handleCommand'],
    ['@srw/test-support', 'referencePath'],
  ])('domain may not import %s', async (lib, name) => {
    const errors = await boundaryErrors('libs/domain/src/probe.ts', `import { ${name} } from '${lib}';\nexport const y = ${name};\n`);
    expect(errors).not.toEqual([]);
  });

  it('domain may import contracts and errors; runtime may import domain', async () => {
    expect(
      await boundaryErrors(
        'libs/domain/src/probe.ts',
        `import { createEvent } from '@srw/contracts';\nimport { AppError } from '@srw/errors';\nexport const y = [createEvent, AppError];\n`,
      ),
    ).toEqual([]);
    expect(await boundaryErrors('libs/runtime/src/probe.ts', `import { integrationDecider } from '@srw/domain';\nexport const y = integrationDecider;\n`)).toEqual([]);
  });

  it('contracts may not import a data-access library', async () => {
    const errors = await boundaryErrors('libs/contracts/src/probe.ts', `import { SqliteBus } from '@srw/bus/embedded';\nexport const y = SqliteBus;\n`);
    expect(errors).not.toEqual([]);
  });

  it('production code of a data-access library may not import a test double', async () => {
    const errors = await boundaryErrors(
      'libs/read-store/src/probe.ts',
      `import { referencePath } from '@srw/test-support';\nexport const y = referencePath;\n`,
    );
    expect(errors).not.toEqual([]);
  });

  it('keeps the SR and Willo sides apart', async () => {
    const errors = await boundaryErrors(
      'libs/willo/src/probe.ts',
      `import { createSrClient } from '@srw/smartrecruiters';\nexport const y = createSrClient;\n`,
    );
    expect(errors).not.toEqual([]);
    const shared = await boundaryErrors('libs/runtime/src/probe.ts', `import * as w from '@srw/willo';\nexport const y = w;\n`);
    expect(shared).not.toEqual([]);
  });

  it('lets both vendor clients and the ports share the HTTP kit, which imports neither vendor', async () => {
    const kit = `import { backoffDelay } from '@srw/http-kit';\nexport const y = backoffDelay;\n`;
    for (const file of ['libs/smartrecruiters/src/probe.ts', 'libs/willo/src/probe.ts', 'libs/bus/src/probe.ts', 'libs/event-store/src/probe.ts']) {
      expect(await boundaryErrors(file, kit), file).toEqual([]);
    }
    expect(await boundaryErrors('libs/http-kit/src/probe.ts', `import * as w from '@srw/willo';\nexport const y = w;\n`)).not.toEqual([]);
  });

  it('lets the launcher compose apps by their entry points, and nothing else import an app', async () => {
    const imports = `import { createConnectorAuth } from '@srw/connector-auth';\nimport { createStageProjector } from '@srw/stage-projector';\nimport { createSrPoller } from '@srw/sr-poller';\nexport const y = [createConnectorAuth, createStageProjector, createSrPoller];\n`;
    expect(await boundaryErrors('apps/all-in-one/src/probe.ts', imports)).toEqual([]);
    expect(await boundaryErrors('apps/all-in-one/src/probe.e2e.spec.ts', imports)).toEqual([]);
    // Reaching past the entry point into an app's files is still refused.
    expect(await boundaryErrors('apps/all-in-one/src/probe.ts', `import { SecretStores } from '../../connector-auth/src/secret-stores';\nexport const y = SecretStores;\n`)).not.toEqual([]);
    expect(await boundaryErrors('apps/connector-auth/src/probe.ts', `import { createStageProjector } from '@srw/stage-projector';\nexport const y = createStageProjector;\n`)).not.toEqual([]);
    expect(await boundaryErrors('apps/stage-projector/src/probe.ts', `import { createSrPoller } from '@srw/sr-poller';\nexport const y = createSrPoller;\n`)).not.toEqual([]);
    expect(await boundaryErrors('libs/runtime/src/probe.ts', `import { createConnectorAuth } from '@srw/connector-auth';\nexport const y = createConnectorAuth;\n`)).not.toEqual([]);
  });

  it('allows what the architecture allows', async () => {
    expect(await boundaryErrors('libs/bus/src/probe.ts', `import { topics } from '@srw/contracts';\nexport const y = topics;\n`)).toEqual([]);
    expect(
      await boundaryErrors('libs/bus/src/probe.int.spec.ts', `import { referencePath } from '@srw/test-support';\nexport const y = referencePath;\n`),
    ).toEqual([]);
  });
});
