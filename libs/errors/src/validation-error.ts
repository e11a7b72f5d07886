import type { z } from 'zod';
import { AppError, type AppErrorOptions } from './app-error';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `data.stages.0.id`; empty for the value itself. */
  path: string;
  message: string;
}

/** Input that does not match its schema. The message names every offending field. */
export class ValidationError extends AppError {
  readonly code = 'VALIDATION';
  constructor(
    readonly subject: string,
    readonly issues: FieldIssue[],
    options?: AppErrorOptions,
  ) {
    super(`${subject} is invalid: ${issues.map(describeIssue).join('; ')}`, false, options);
  }
}

function describeIssue(issue: FieldIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Parses `value` with `schema`, throwing a {@link ValidationError} that names each bad field.
 * `subject` says what was parsed (e.g. "event JobObserved", "SR response GET /jobs").
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(subject, issuesFromZod(result.error), { cause: result.error });
  return result.data;
}
