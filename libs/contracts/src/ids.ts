import { z } from 'zod';

/** Ids that become parts of stream ids, vault keys and Kafka keys: no `:` that would split a stream id, no spaces, no operators. */
const plainId = () => z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 of A-Z a-z 0-9 _ . - starting with a letter or digit');

/** Our tenant ids. */
export const tenantIdSchema = plainId();

/** An SR entity id (candidate, job) taken from a request: SR's ids are UUIDs, well inside the plain alphabet. */
export const srIdSchema = plainId();
