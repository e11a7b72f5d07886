import { z } from 'zod';
import { eventMetadataSchema } from './metadata';

/** Turns the data of version `n` of an event into the data of version `n + 1`. */
export type Upcaster = (data: unknown) => unknown;

/**
 * An event type: its past-tense name, the version of its data schema, and the schema itself.
 * A backward-compatible change keeps the version (new optional fields); a breaking one raises it
 * and adds an upcaster from the old version, so that history written under it stays readable.
 * The schema accepts only the current version: `upcast` first.
 */
export interface EventDefinition<T extends string, D extends z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly data: D;
  /** By the version they read: `upcasters[1]` turns version 1 data into version 2. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
  readonly schema: z.ZodObject<{ type: z.ZodLiteral<T>; data: D; metadata: typeof eventMetadataSchema }>;
}

export function defineEvent<T extends string, D extends z.ZodType>(
  type: T,
  version: number,
  data: D,
  upcasters: Readonly<Record<number, Upcaster>> = {},
): EventDefinition<T, D> {
  const metadata = eventMetadataSchema.refine((m) => m.schemaVersion === version, {
    path: ['schemaVersion'],
    message: `${type} is read at schema version ${version}; older versions need an upcaster, newer ones a newer reader`,
  });
  return { type, version, data, upcasters, schema: z.object({ type: z.literal(type), data, metadata }) };
}

/**
 * Brings `{ type, data, metadata }` written under an older schema version up to the current one.
 * Anything else (a newer version, no upcaster for a step, not an event) comes back unchanged, for
 * the schema to reject with the offending field named.
 */
export function upcast(definition: EventDefinition<string, z.ZodType>, value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const event = value as { data?: unknown; metadata?: { schemaVersion?: unknown } };
  let version = event.metadata?.schemaVersion;
  if (typeof version !== 'number' || version >= definition.version) return value;
  let data = event.data;
  while (version < definition.version) {
    const step = definition.upcasters[version];
    if (!step) return value;
    data = step(data);
    version++;
  }
  return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
}

/** `{ type, data, metadata }` of one definition. */
export type EventOf<E> = E extends EventDefinition<infer _T, infer _D> ? z.infer<E['schema']> : never;
