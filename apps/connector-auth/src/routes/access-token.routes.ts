import { AuthorizationLostError, ConflictError } from '@srw/errors';
import type { Logger } from '@srw/observability';
import type { TokenVault } from '@srw/vault';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AccessTokenSources } from '../access-token-sources';
import { readJsonBody, requireServiceToken } from '@srw/runtime';
import { tenantIdSchema } from '../tenant-id';

export interface AccessTokenRoutesDeps {
  vault: TokenVault;
  sources: AccessTokenSources;
  serviceToken: string;
  logger: Logger;
  /** Records that SR refused the tenant's grant (`AuthorizationLost`). */
  recordLostGrant(tenant: string): Promise<void>;
}

const accessTokenRequest = z.object({
  tenant: tenantIdSchema,
  /** A token SR answered 401 to: the next one is refreshed even if it has not expired. */
  rejectedToken: z.string().min(1).max(4096).optional(),
});

/**
 * `POST /internal/access-token`: the other services' only way to an SR access token (only this
 * service holds refresh tokens). Answers `{ accessToken, expiresAt }`, refreshing first when the
 * token is within the refresh skew of its expiry.
 */
export function accessTokenRoutes(deps: AccessTokenRoutesDeps): Hono {
  const app = new Hono();
  app.post('/access-token', requireServiceToken(deps.serviceToken, 'connector-auth'), async (c) => {
    const { tenant, rejectedToken } = await readJsonBody(c, accessTokenRequest);
    try {
      const issued = await deps.sources.accessToken(tenant, rejectedToken);
      c.header('cache-control', 'no-store');
      return c.json({ accessToken: issued.accessToken, expiresAt: new Date(issued.expiresAt).toISOString() });
    } catch (error) {
      if (!(error instanceof AuthorizationLostError)) throw error;
      // Deleted meanwhile (a disconnect during the refresh): not connected, rather than lost.
      if (!(await deps.vault.read(tenant))) {
        throw new ConflictError(`tenant ${tenant} has no SmartRecruiters grant: connect the integration first`);
      }
      await deps.recordLostGrant(tenant);
      throw new AuthorizationLostError(`SmartRecruiters no longer accepts the grant of tenant ${tenant}: an admin must reauthorise the integration`);
    }
  });
  return app;
}
