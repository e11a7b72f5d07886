import { tenantIdSchema } from '@srw/contracts';
import { parseWith } from '@srw/errors';
import { z } from 'zod';

export { tenantIdSchema };

/** The `:tenant` path parameter, or a 400 naming it. */
export function tenantParam(value: string | undefined): string {
  return parseWith(z.object({ tenant: tenantIdSchema }), { tenant: value }, 'path').tenant;
}
