import type { z } from 'zod';
import { domainEventSchema, type DomainEvent } from './registry';

/** A field-level problem in a message. Contracts carry no error classes; callers wrap these. */
export interface ContractIssue {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ContractIssue[] };

export function toIssues(error: z.ZodError): ContractIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Validates `{ type, data, metadata }` against the schema registered for its type. */
export function safeParseDomainEvent(value: unknown): ParseResult<DomainEvent> {
  const result = domainEventSchema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: toIssues(result.error) };
}

/** Like {@link safeParseDomainEvent} but throws a TypeError naming every bad field. */
export function parseDomainEvent(value: unknown): DomainEvent {
  const result = safeParseDomainEvent(value);
  if (result.ok) return result.value;
  const detail = result.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new TypeError(`invalid event: ${detail}`);
}
