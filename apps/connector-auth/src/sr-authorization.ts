import { buildAuthorizeUrl, integrationScopes, SrOAuthClient } from '@srw/smartrecruiters';
import { callbackUrlOf, type ConnectorAuthConfig } from './config';
import type { Clock, SrAuthorization } from './ports';

type SrOAuthSettings = Pick<ConnectorAuthConfig, 'PUBLIC_BASE_URL' | 'SR_CLIENT_ID' | 'SR_CLIENT_SECRET' | 'SR_AUTHORIZE_URL' | 'SR_TOKEN_URL'>;

/** SR's consent page and token endpoint for our OAuth client, asking for every scope the integration uses. */
export function srAuthorization(config: SrOAuthSettings, clock: Clock, fetchImpl?: typeof fetch): SrAuthorization {
  const redirectUri = callbackUrlOf(config.PUBLIC_BASE_URL);
  const client = new SrOAuthClient({
    clientId: config.SR_CLIENT_ID,
    clientSecret: config.SR_CLIENT_SECRET,
    redirectUri,
    tokenUrl: config.SR_TOKEN_URL,
    now: () => clock.now(),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  const scopes = integrationScopes();
  return {
    authorizationUrl: (state) =>
      buildAuthorizeUrl({ clientId: config.SR_CLIENT_ID, redirectUri, scopes, state, authorizeUrl: config.SR_AUTHORIZE_URL }),
    exchangeCode: (code) => client.exchangeCode(code),
    refresh: (refreshToken) => client.refresh(refreshToken),
  };
}
