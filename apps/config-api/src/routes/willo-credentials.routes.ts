import { createRoute, z } from '@hono/zod-openapi';
import { AppError, RateLimitedError, TransientError, ValidationError } from '@srw/errors';
import type { Logger } from '@srw/observability';
import type { WilloCredentialsStore } from '@srw/vault';
import { callerOf } from '../caller';
import { checked, jsonContent, problemsOf, resourceApp, routeProblem } from '../http';
import type { Clock, WilloKeyCheck } from '../ports';

export interface WilloCredentialsRoutesDeps {
  /** Absent where the deployment has no vault key ring: the routes answer 503 (documented either way). */
  willoCredentials: WilloCredentialsStore | undefined;
  willoKeyCheck: WilloKeyCheck;
  clock: Clock;
  logger?: Logger | undefined;
}

/** When Willo gave no hint: long enough for a blip to pass, short enough for an admin to try again. */
const defaultRetryAfterSeconds = 30;

const setBody = z
  .object({ apiKey: z.string().trim().min(8).max(512).openapi({ description: 'The API key of the tenant’s Willo organisation. Write-only: never answered back.' }) })
  .strict()
  .openapi('WilloCredentialsInput');

const metadataSchema = z
  .object({
    set: z.boolean(),
    keyId: z.string().nullable().openapi({ description: 'The vault key that encrypts it (changes on rotation).' }),
    lastFour: z.string().nullable().openapi({ description: 'The last 4 characters of the key, to tell which one is set.' }),
    updatedAt: z.string().nullable(),
  })
  .openapi('WilloCredentialsMetadata');

const putCredentials = createRoute({
  method: 'put',
  path: '/willo-credentials',
  tags: ['Willo credentials'],
  security: [{ bearer: [] }],
  summary: 'Sets or replaces the API key of the tenant’s own Willo organisation',
  description:
    'Willo is asked first, with the key itself (one `GET /interviews/` of one item): a key Willo refuses (401/403) is answered 422, and Willo unreachable, failing or throttling is answered 503 with `Retry-After`; either way nothing is stored. Invites and write-backs of the tenant use this organisation from then on (the global key only serves tenants without one). Answers metadata only, never the key.',
  request: { body: { required: true, ...jsonContent(setBody) } },
  responses: { 200: { description: 'The key is set', ...jsonContent(metadataSchema) }, ...problemsOf(413, 422) },
});

const deleteCredentials = createRoute({
  method: 'delete',
  path: '/willo-credentials',
  tags: ['Willo credentials'],
  security: [{ bearer: [] }],
  summary: 'Removes the tenant’s Willo API key (idempotent)',
  description: 'The tenant falls back to the deployment’s global Willo key, if any.',
  responses: { 200: { description: 'No key is set', ...jsonContent(metadataSchema) }, ...problemsOf() },
});

const unset = { set: false, keyId: null, lastFour: null, updatedAt: null };

/** `PUT`/`DELETE /willo-credentials`: write-only, in the caller's tenant only. */
export function willoCredentialsRoutes({ willoCredentials, willoKeyCheck, clock, logger }: WilloCredentialsRoutesDeps) {
  const store = () => {
    if (!willoCredentials) throw new TransientError('this deployment keeps no Willo credentials: VAULT_KEYS is not configured');
    return willoCredentials;
  };
  return resourceApp()
    .openapi(putCredentials, async (c) => {
      const { tenantId } = callerOf(c);
      const { apiKey } = c.req.valid('json');
      const store_ = store();
      let verdict: 'accepted' | 'refused';
      try {
        verdict = await willoKeyCheck(apiKey);
      } catch (error) {
        // A key that could not even be sent (the Willo client names `apiKey`, never quoting it): the caller's 400.
        if (error instanceof ValidationError) throw error;
        // Never the error's message: it quotes Willo's answer, which is no business of the caller's.
        logger?.warn('Willo could not check a tenant’s API key', { tenantId, error: error instanceof AppError ? error.code : 'UNEXPECTED' });
        const retryAfterMs = error instanceof RateLimitedError ? error.retryAfterMs : undefined;
        const retryAfter = retryAfterMs === undefined ? defaultRetryAfterSeconds : Math.max(1, Math.ceil(retryAfterMs / 1000));
        return routeProblem(
          c,
          {
            type: 'urn:srw:problem:willo-unavailable',
            title: 'Willo could not check the API key',
            status: 503,
            detail: `Willo is unreachable, failing or throttling this organisation, so the key could not be checked and nothing was stored. Try again in ${retryAfter} s.`,
          },
          { 'retry-after': String(retryAfter) },
        );
      }
      if (verdict === 'refused') {
        logger?.info('Willo refused a tenant’s API key', { tenantId });
        return routeProblem(c, {
          type: 'urn:srw:problem:willo-key-refused',
          title: 'Willo refused the API key',
          status: 422,
          detail: 'Willo answered the key with 401/403: it is unknown, revoked, or its user may not read interviews. Copy the key of the integration user from https://app.willotalent.com/integrations; nothing was stored.',
        });
      }
      const { keyId, lastFour, updatedAt } = await store_.set(tenantId, apiKey, new Date(clock.now()));
      return c.json(checked(metadataSchema, { set: true, keyId, lastFour, updatedAt }), 200);
    })
    .openapi(deleteCredentials, async (c) => {
      await store().delete(callerOf(c).tenantId);
      return c.json(checked(metadataSchema, unset), 200);
    });
}
