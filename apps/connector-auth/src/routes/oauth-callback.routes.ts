import { streams } from '@srw/contracts';
import { AuthorizationLostError, ConflictError } from '@srw/errors';
import { eventIdFor, type EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import { OAuthStateError, type OAuthStateFailure, type OAuthStateSigner, type TokenVault } from '@srw/vault';
import { Hono } from 'hono';
import type { AccessTokenSources } from '../access-token-sources';
import { commandMetadata, readIntegration, runIntegrationCommand } from '../integration-commands';
import type { Clock, SrAuthorization } from '../ports';
import { callbackAnswer } from '../problem-answer';

export interface OAuthCallbackRoutesDeps {
  eventStore: EventStore;
  vault: TokenVault;
  states: OAuthStateSigner;
  sr: Pick<SrAuthorization, 'exchangeCode'>;
  sources: AccessTokenSources;
  clock: Clock;
  logger: Logger;
}

const startAgain = 'Nothing was changed. Start again from the Enable button.';

const stateRefusals: Record<OAuthStateFailure, string> = {
  forged: `This link was not issued by us (its state is not valid). ${startAgain}`,
  expired: `This link is older than 10 minutes and has expired. ${startAgain}`,
  replayed: `This link was already used. ${startAgain}`,
  'wrong-tenant': `This link was issued for another account. ${startAgain}`,
  'wrong-user': `This link was issued for another user. ${startAgain}`,
};

/** SR's RFC 6749 error codes are a short alphabet; anything else is not repeated back on our page. */
const shownError = (error: string) => (/^[a-z_]{1,40}$/.test(error) ? error : 'an error');

/**
 * `GET /oauth/callback`: where SR's consent page sends the admin back. The state is checked (and
 * spent) before anything else, so a forged, replayed or expired one changes nothing: no code is
 * exchanged, nothing is stored, no event is appended.
 */
export function oauthCallbackRoutes(deps: OAuthCallbackRoutesDeps): Hono {
  const { eventStore, vault, clock, logger } = deps;
  const app = new Hono();

  app.get('/callback', async (c) => {
    const accept = c.req.header('accept');
    const instance = c.req.path;
    const refuse = (status: number, kind: string, detail: string) => callbackAnswer(accept, { status, kind, detail, instance });
    const { state, code, error } = c.req.query();

    if (!state) return refuse(400, 'oauth-state', `This link carries no state. ${startAgain}`);
    let claims;
    try {
      claims = await deps.states.consume(state, {}, clock.now());
    } catch (failure) {
      if (!(failure instanceof OAuthStateError)) throw failure;
      logger.warn('OAuth callback refused: bad state', { reason: failure.reason });
      return refuse(400, 'oauth-state', stateRefusals[failure.reason]);
    }
    const tenant = claims.tenant;

    if (error !== undefined) {
      logger.info('SmartRecruiters did not grant access', { tenantId: tenant, userId: claims.userId, error: shownError(error) });
      const detail =
        error === 'access_denied'
          ? 'Access was declined on SmartRecruiters, so nothing was connected. To connect, start again and choose Allow.'
          : `SmartRecruiters answered ${shownError(error)}, so nothing was connected. Start again from the Enable button.`;
      return refuse(400, 'oauth-denied', detail);
    }
    if (!code) return refuse(400, 'oauth-callback', `SmartRecruiters sent no authorization code. ${startAgain}`);

    // Checked before the exchange: tokens are never stored for an integration that cannot connect.
    const integration = await readIntegration(eventStore, tenant);
    if (integration.status === 'disabled' || integration.status === 'disconnected') {
      return refuse(409, 'conflict', `The integration is ${integration.status}: enable must be requested first. ${startAgain}`);
    }

    let tokens;
    try {
      tokens = await deps.sr.exchangeCode(code);
    } catch (failure) {
      if (!(failure instanceof AuthorizationLostError)) throw failure;
      logger.warn('SmartRecruiters refused the authorization code', { tenantId: tenant });
      return refuse(400, 'oauth-code', `SmartRecruiters refused the authorization code (expired or already used). ${startAgain}`);
    }

    // A reconnect replaces the grant whole: its refresh token chain starts again.
    await vault.delete(tenant);
    await vault.create(tenant, tokens);
    deps.sources.forget(tenant);
    try {
      await runIntegrationCommand(
        eventStore,
        {
          type: 'Connect',
          data: { connectedBy: claims.userId, scopes: tokens.scopes, accessTokenExpiresAt: new Date(tokens.expiresAt).toISOString() },
          metadata: commandMetadata(tenant, clock, claims.nonce),
        },
        { eventId: eventIdFor(streams.integration(tenant), 'connected', claims.nonce) },
      );
    } catch (failure) {
      // The integration changed meanwhile (disconnected): the tokens must not outlive the refusal.
      if (failure instanceof ConflictError) {
        await vault.delete(tenant);
        deps.sources.forget(tenant);
      }
      throw failure;
    }
    logger.info('integration connected', { tenantId: tenant, userId: claims.userId, scopes: tokens.scopes });
    if (!accept?.includes('text/html')) return c.json({ tenant, status: 'connected', scopes: tokens.scopes });
    return callbackAnswer(accept, {
      status: 200,
      kind: 'connected',
      title: 'SmartRecruiters is connected',
      detail: 'You can close this page: the first sync of jobs and stages has started.',
      instance,
    });
  });

  return app;
}
