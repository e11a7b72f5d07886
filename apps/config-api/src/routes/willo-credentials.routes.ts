import { createRoute, z } from '@hono/zod-openapi';
import { TransientError } from '@srw/errors';
import type { WilloCredentialsStore } from '@srw/vault';
import { callerOf } from '../caller';
import { checked, jsonContent, problemsOf, resourceApp } from '../http';
import type { Clock } from '../ports';

export interface WilloCredentialsRoutesDeps {
  /** Absent where the deployment has no vault key ring: the routes answer 503 (documented either way). */
  willoCredentials: WilloCredentialsStore | undefined;
  clock: Clock;
}

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
  description: 'Invites and write-backs of the tenant use this organisation from then on (the global key only serves tenants without one). Answers metadata only, never the key.',
  request: { body: { required: true, ...jsonContent(setBody) } },
  responses: { 200: { description: 'The key is set', ...jsonContent(metadataSchema) }, ...problemsOf(413) },
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
export function willoCredentialsRoutes({ willoCredentials, clock }: WilloCredentialsRoutesDeps) {
  const store = () => {
    if (!willoCredentials) throw new TransientError('this deployment keeps no Willo credentials: VAULT_KEYS is not configured');
    return willoCredentials;
  };
  return resourceApp()
    .openapi(putCredentials, async (c) => {
      const { tenantId } = callerOf(c);
      const { apiKey } = c.req.valid('json');
      const { keyId, lastFour, updatedAt } = await store().set(tenantId, apiKey, new Date(clock.now()));
      return c.json(checked(metadataSchema, { set: true, keyId, lastFour, updatedAt }), 200);
    })
    .openapi(deleteCredentials, async (c) => {
      await store().delete(callerOf(c).tenantId);
      return c.json(checked(metadataSchema, unset), 200);
    });
}
