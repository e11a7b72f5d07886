import { z } from 'zod';

/**
 * A vendor's enum value as read from an answer: one of the `Known` values, or a value the vendor added
 * later, kept as the string it sent. `(string & {})` keeps editor completion for the known values.
 */
export type OpenEnum<Known extends string> = Known | (string & {});

/**
 * Response schema of an enum that stays open: any string parses (so a value the vendor adds later
 * never fails a whole page), typed as {@link OpenEnum} of `known`. A non-string still fails, naming
 * the field. Requests (query parameters, bodies) use the closed union of `known` instead.
 */
export function openEnum<const Known extends readonly [string, ...string[]]>(known: Known): z.ZodType<OpenEnum<Known[number]>, string> {
  return z.string().describe(`one of ${known.join(', ')}, or another string kept as sent`) as z.ZodType<OpenEnum<Known[number]>, string>;
}

/** Whether an {@link openEnum} value is one of the values we know (to branch on it safely). */
export function isKnown<const Known extends readonly string[]>(known: Known, value: string | undefined): value is Known[number] {
  return value !== undefined && (known as readonly string[]).includes(value);
}
