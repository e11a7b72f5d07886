import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { NotFoundError, ValidationError, issuesFromZod } from '@srw/errors';
import type { ReadStore } from '@srw/read-store';
import { auditUsage, parseAuditArgs, type ExportArgs, type ReplayArgs, type TrailArgs } from './audit-args';
import { auditStoresConfigSchema, openFreshReadModels, openHistory, openLiveReadModels, type AuditStoresConfig } from './audit-stores';
import { exportEvents } from './export';
import { createProgress, noProgress, type Progress } from './progress';
import { compareReadModels, formatComparison } from './read-model-diff';
import { replayInto } from './replay';
import { buildTrail, formatTrailEntry } from './trail';

export interface AuditIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  now?: () => Date;
}

/** Exit codes: 0 done, 2 bad input (command line, environment, unknown tenant, store not found), 1 anything else. */
export const exitCodes = { ok: 0, failed: 1, badInput: 2 } as const;

/**
 * The audit command: parses the command line and the environment (zod), runs `trail`, `replay` or
 * `export`, and answers an exit code. Bad input is one line on stderr and exit code 2; progress goes
 * to stderr, only on a terminal or with `--progress`; the command's output goes to stdout (or `--out`).
 */
export async function runAudit(argv: readonly string[], env: Record<string, string | undefined>, io: AuditIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
      io.stdout.write(`${auditUsage}\n`);
      return argv.length === 0 ? exitCodes.badInput : exitCodes.ok;
    }
    const command = parseAuditArgs(argv);
    const configResult = auditStoresConfigSchema.safeParse(env);
    if (!configResult.success) throw new ValidationError('the environment', issuesFromZod(configResult.error));
    const config = configResult.data;
    const progressFor = (label: string, end: Date): Progress => (command.progress || io.stderr.isTTY ? createProgress({ label, end, sink: io.stderr }) : noProgress);
    switch (command.command) {
      case 'trail':
        await trail(config, command, io, progressFor('trail', now()));
        break;
      case 'replay':
        await replay(config, command, io, progressFor('replay', command.asOf ?? now()));
        break;
      case 'export':
        await exportCommand(config, command, io, progressFor('export', command.to.getTime() < now().getTime() ? command.to : now()));
        break;
    }
    return exitCodes.ok;
  } catch (error) {
    const badInput = error instanceof ValidationError || error instanceof NotFoundError;
    io.stderr.write(`audit: ${oneLine((error as Error).message ?? String(error))}\n`);
    return badInput ? exitCodes.badInput : exitCodes.failed;
  }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

async function trail(config: AuditStoresConfig, args: TrailArgs, io: AuditIo, progress: Progress) {
  const store = await openHistory(config);
  try {
    const entries = await buildTrail(store, { tenantId: args.tenant, subject: args.subject, onProgress: (at, count) => progress.update(at, count) });
    progress.done();
    const write = writerOf(io.stdout);
    for (const entry of entries) await write(`${args.format === 'jsonl' ? JSON.stringify(entry) : formatTrailEntry(entry)}\n`);
    if (entries.length === 0) io.stderr.write(`audit: no events for ${args.subject.kind === 'tenant' ? `tenant ${args.tenant}` : `${args.subject.kind} ${args.subject.id} of tenant ${args.tenant}`}\n`);
  } finally {
    await store.close();
  }
}

async function replay(config: AuditStoresConfig, args: ReplayArgs, io: AuditIo, progress: Progress) {
  const store = await openHistory(config);
  const opened: ReadStore[] = [];
  try {
    const live = await openLiveReadModels(config);
    opened.push(live.store);
    const target = await openFreshReadModels(config, args.into);
    opened.push(target.store);
    const result = await replayInto(store, target.store, { models: args.models, ...(args.asOf ? { asOf: args.asOf } : {}), onProgress: (at, count) => progress.update(at, count) });
    progress.done();
    const out = [
      `replayed ${result.read} events${result.skipped ? ` (${result.skipped} failing their schema, skipped as the relay skips them)` : ''}${args.asOf ? ` recorded up to ${args.asOf.toISOString()}` : ''} into ${target.name}: ${args.models.join(', ')}`,
      `compared with the live read models (${live.name}) for ${result.tenants.length} tenants:`,
      ...formatComparison(await compareReadModels(live.store, target.store, args.models, result.tenants)),
    ];
    io.stdout.write(`${out.join('\n')}\n`);
  } finally {
    for (const readStore of opened) await readStore.close();
    await store.close();
  }
}

async function exportCommand(config: AuditStoresConfig, args: ExportArgs, io: AuditIo, progress: Progress) {
  const store = await openHistory(config);
  let file: Writable | undefined;
  try {
    if (args.out) {
      // `wx`: an export never overwrites a file.
      file = createWriteStream(args.out, { flags: 'wx' });
      try {
        await once(file, 'open');
      } catch (error) {
        throw new ValidationError('--out', [{ path: '--out', message: (error as Error).message }]);
      }
    }
    const count = await exportEvents(store, { tenantId: args.tenant, from: args.from, to: args.to, format: args.format, onProgress: (at, n) => progress.update(at, n) }, writerOf(file ?? io.stdout));
    progress.done();
    if (file) {
      file.end();
      await once(file, 'finish');
    }
    io.stderr.write(`audit: exported ${count} events of tenant ${args.tenant}${args.out ? ` to ${args.out}` : ''}\n`);
  } finally {
    file?.destroy();
    await store.close();
  }
}

/** Writes with backpressure: a large export to a slow pipe waits instead of buffering everything. */
function writerOf(stream: Writable): (chunk: string) => Promise<void> {
  return async (chunk) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
}
