import { z } from 'zod';
import { eventMetadataSchema } from './metadata';

/**
 * An event type: its past-tense name, the version of its data schema, and the schema itself.
 * A backward-compatible change keeps the version (new optional fields); a breaking one raises it
 * and keeps the old schema readable under the old version.
 */
export interface EventDefinition<T extends string, D extends z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly data: D;
  readonly schema: z.ZodObject<{ type: z.ZodLiteral<T>; data: D; metadata: typeof eventMetadataSchema }>;
}

export function defineEvent<T extends string, D extends z.ZodType>(type: T, version: number, data: D): EventDefinition<T, D> {
  return { type, version, data, schema: z.object({ type: z.literal(type), data, metadata: eventMetadataSchema }) };
}

/** `{ type, data, metadata }` of one definition. */
export type EventOf<E> = E extends EventDefinition<infer _T, infer _D> ? z.infer<E['schema']> : never;
