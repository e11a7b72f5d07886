import { parseArgs } from 'node:util';
import { readModelNames, type ReadModelName } from '@srw/projections';
import { ValidationError, issuesFromZod } from '@srw/errors';
import { z } from 'zod';
import type { TrailSubject } from './trail';

const tenant = z.string().regex(/^[^\s:]+$/, 'a tenant id: non-empty, without spaces or ":"');
const entityId = z.string().regex(/^[^\s:]+$/, 'an id: non-empty, without spaces or ":"');
const instant = z.iso.datetime({ offset: true, message: 'an ISO 8601 time with a zone, e.g. 2026-01-31T00:00:00Z' }).transform((text) => new Date(text));
const modelList = z
  .string()
  .transform((text) => text.split(',').map((name) => name.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().refine((name): name is ReadModelName => (readModelNames as readonly string[]).includes(name), { error: (issue) => `unknown read model ${JSON.stringify(issue.input)}: one of ${readModelNames.join(', ')}` }))
      .min(1, 'at least one read model'),
  )
  .transform((names) => [...new Set(names)] as ReadModelName[]);

const trailArgs = z
  .object({
    tenant,
    interview: entityId.optional(),
    job: entityId.optional(),
    candidate: entityId.optional(),
    format: z.enum(['text', 'jsonl']).default('text'),
    progress: z.boolean().default(false),
  })
  .strict()
  .refine((args) => [args.interview, args.job, args.candidate].filter(Boolean).length <= 1, { message: 'at most one of --interview, --job and --candidate', path: ['interview'] })
  .transform(({ interview, job, candidate, ...rest }) => ({
    ...rest,
    subject: (interview ? { kind: 'interview', id: interview } : job ? { kind: 'job', id: job } : candidate ? { kind: 'candidate', id: candidate } : { kind: 'tenant' }) as TrailSubject,
  }));

const replayArgs = z
  .object({
    models: modelList,
    'as-of': instant.optional(),
    into: z.string().min(1, 'a fresh database: a new SQLite file, or a new database name on MONGODB_URL'),
    progress: z.boolean().default(false),
  })
  .strict()
  .transform(({ 'as-of': asOf, ...rest }) => ({ ...rest, asOf }));

const exportArgs = z
  .object({
    tenant,
    from: instant,
    to: instant,
    format: z.enum(['jsonl', 'csv']).default('jsonl'),
    out: z.string().min(1).optional(),
    progress: z.boolean().default(false),
  })
  .strict()
  // zod runs an object's refinements even after a field failed: only a well-formed window is compared.
  .refine((args) => !(args.from instanceof Date && args.to instanceof Date) || args.from.getTime() < args.to.getTime(), { message: '--from must be before --to', path: ['from'] });

export type TrailArgs = z.output<typeof trailArgs>;
export type ReplayArgs = z.output<typeof replayArgs>;
export type ExportArgs = z.output<typeof exportArgs>;
export type AuditCommand = ({ command: 'trail' } & TrailArgs) | ({ command: 'replay' } & ReplayArgs) | ({ command: 'export' } & ExportArgs);

const options = {
  tenant: { type: 'string' },
  interview: { type: 'string' },
  job: { type: 'string' },
  candidate: { type: 'string' },
  format: { type: 'string' },
  models: { type: 'string' },
  'as-of': { type: 'string' },
  into: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  progress: { type: 'boolean' },
} as const;

export const auditUsage = `usage:
  audit trail  --tenant T [--interview I | --job J | --candidate C] [--format text|jsonl] [--progress]
  audit replay --models jobs,integrations,… [--as-of <ISO time>] --into <new SQLite file | new database name> [--progress]
  audit export --tenant T --from <ISO time> --to <ISO time> [--format jsonl|csv] [--out file] [--progress]
read models: ${readModelNames.join(', ')}`;

/**
 * The command line, checked: throws `ValidationError` naming every bad option (an unknown command
 * or option, a malformed tenant, time or read-model name) so that the CLI prints one line and exits 2.
 */
export function parseAuditArgs(argv: readonly string[]): AuditCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ValidationError('the command line', [{ path: '', message: (error as Error).message }]);
  }
  const [command, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new ValidationError('the command line', [{ path: '', message: `unexpected argument ${JSON.stringify(extra[0])}` }]);
  const schema = command === 'trail' ? trailArgs : command === 'replay' ? replayArgs : command === 'export' ? exportArgs : undefined;
  if (!schema) throw new ValidationError('the command line', [{ path: '', message: command ? `unknown command ${JSON.stringify(command)}: trail, replay or export` : 'a command: trail, replay or export' }]);
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    throw new ValidationError(`audit ${command}`, issuesFromZod(result.error).map((issue) => ({ ...issue, path: issue.path.split('.')[0] ? `--${issue.path.split('.')[0]}` : '' })));
  }
  return { command, ...result.data } as AuditCommand;
}
