import { apiSecurityEnv, refineJwtKeySource } from '@srw/http-api';
import { serviceConfigSchema } from '@srw/runtime';
import { optionalKeyRingEnv, refineOptionalKeyRing } from '@srw/vault';
import { willoClientEnv } from '@srw/willo';
import { z } from 'zod';

/**
 * config-api's environment: where connector-auth is and the token of its internal endpoints, and the
 * security edge of the Willo frontend's API (`apiSecurityEnv` of `@srw/http-api`: the JWT's key,
 * issuer, audience and skew, CORS origins, body limit, per-tenant rate).
 */
export const configApiConfigSchema = serviceConfigSchema
  .extend({
    /** connector-auth's base URL, for enable and disconnect. */
    CONNECTOR_AUTH_URL: z.url(),
    /** The bearer token connector-auth's internal endpoints accept (at least 32 characters). */
    INTERNAL_SERVICE_TOKEN: z.string().min(32),
    ...apiSecurityEnv,
    /** The vault's key ring, sealing the tenants' Willo keys; unset: `/v1/willo-credentials` answers 503. */
    ...optionalKeyRingEnv,
    /** Overrides Willo's production API (the sandbox's `apiBaseUrl`, or staging): where a tenant's key is checked before it is stored. */
    WILLO_BASE_URL: z.url().optional(),
    /** The organisations' quotas, as the other apps read them (the key check is one call). */
    ...willoClientEnv,
    /**
     * `true` where invite-dispatcher and response-writeback have a `WILLO_API_KEY` (the fallback
     * organisation of tenants without their own): the integration status says `deployment` for those
     * tenants, else `missing`. config-api never holds that key. Empty counts as unset.
     */
    WILLO_FALLBACK_ORGANISATION: z.preprocess((value) => (value === '' ? undefined : value), z.stringbool().default(false)),
  })
  .superRefine(refineJwtKeySource)
  .superRefine(refineOptionalKeyRing);
export type ConfigApiConfig = z.output<typeof configApiConfigSchema>;
