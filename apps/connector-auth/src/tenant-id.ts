import { parseWith } from '@srw/errors';
import { z } from 'zod';

/**
 * Our tenant ids: they become stream ids, vault keys and Kafka keys, so they are kept to a plain
 * alphabet (no `:` that would split a stream id, no spaces, no operators).
 */
export const tenantIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 of A-Z a-z 0-9 _ . - starting with a letter or digit');

/** The `:tenant` path parameter, or a 400 naming it. */
export function tenantParam(value: string | undefined): string {
  return parseWith(z.object({ tenant: tenantIdSchema }), { tenant: value }, 'path').tenant;
}
