import { buildAuthorizeUrl, integrationScopes, SrOAuthClient } from '@srw/smartrecruiters';
import type { Clock, SrAuthorization } from '@srw/connector-auth';

export interface SandboxOAuthClient {
  clientId: string;
  clientSecret: string;
  /** `<public base URL>/oauth/callback`, registered with the sandbox exactly. */
  redirectUri: string;
}

/**
 * connector-auth's view of SR's OAuth, pointed at the in-process SR sandbox: its consent page
 * (`/identity/oauth/allow`) and token endpoint. The sandbox listens only once the service starts
 * (its port may be 0), after the routes are built, so its URL is read at each call.
 */
export function sandboxSrAuthorization(client: SandboxOAuthClient, sandboxUrl: () => string, clock: Clock): SrAuthorization {
  let oauth: { url: string; client: SrOAuthClient } | undefined;
  const tokenClient = () => {
    const url = sandboxUrl();
    if (oauth?.url !== url) {
      oauth = {
        url,
        client: new SrOAuthClient({ ...client, tokenUrl: `${url}/identity/oauth/token`, now: () => clock.now() }),
      };
    }
    return oauth.client;
  };
  const scopes = integrationScopes();
  return {
    authorizationUrl: (state) =>
      buildAuthorizeUrl({ clientId: client.clientId, redirectUri: client.redirectUri, scopes, state, authorizeUrl: `${sandboxUrl()}/identity/oauth/allow` }),
    exchangeCode: (code) => tokenClient().exchangeCode(code),
    refresh: (refreshToken) => tokenClient().refresh(refreshToken),
  };
}
