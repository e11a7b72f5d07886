import { Hono } from 'hono';
import type { Tenant } from '../state/tenant';
import type { GrantRegistry, OAuthClient } from '../oauth/grants';
import { unknownScopes } from '../oauth/scopes';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/**
 * `GET /identity/oauth/allow` (the consent page), its form post, `POST /identity/oauth/token` and
 * `POST /identity/oauth/revoke`. Token errors use RFC 6749 bodies (`{ error, error_description }`).
 */
export function oauthRoutes(grants: GrantRegistry, tenant: () => Tenant, defaultScopes: string[]): Hono {
  const app = new Hono();

  const authorizeProblem = (clientId: string | undefined, redirectUri: string | undefined, scope: string | undefined) => {
    const client = grants.clients.get(clientId ?? '');
    if (!client) return 'unknown client_id';
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) return 'redirect_uri is not registered for this client';
    if (scope !== undefined && scope.trim() === '') return 'scope must not be empty';
    return undefined;
  };

  app.get('/identity/oauth/allow', (c) => {
    const { client_id, redirect_uri, scope, state } = c.req.query();
    const problem = authorizeProblem(client_id, redirect_uri, scope);
    if (problem) return c.html(`<h1>Invalid request</h1><p>${escapeHtml(problem)}</p>`, 400);
    const scopes = scope?.split(' ').filter(Boolean) ?? defaultScopes;
    const unknown = unknownScopes(scopes);
    if (unknown.length > 0) return c.redirect(invalidScopeRedirect(redirect_uri as string, unknown, state), 302);
    const hidden = (name: string, value: string | undefined) =>
      value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    const user = tenant().users.get(tenant().integrationUserId);
    return c.html(`<!doctype html><title>SmartRecruiters sandbox: authorize</title>
<h1>Allow ${escapeHtml(client_id as string)} to access your SmartRecruiters account?</h1>
<p>Signed in as ${escapeHtml(user ? `${user.firstName} ${user.lastName}` : 'unknown user')}.</p>
<ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<form method="post" action="/identity/oauth/allow">
${hidden('client_id', client_id)}${hidden('redirect_uri', redirect_uri)}${hidden('scope', scopes.join(' '))}${hidden('state', state)}
<button name="decision" value="approve">Allow</button> <button name="decision" value="deny">Deny</button>
</form>`);
  });

  app.post('/identity/oauth/allow', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const [clientId, redirectUri, scope, state] = ['client_id', 'redirect_uri', 'scope', 'state'].map(field);
    const problem = authorizeProblem(clientId, redirectUri, scope);
    if (problem) return c.html(`<h1>Invalid request</h1><p>${escapeHtml(problem)}</p>`, 400);
    const scopes = scope?.split(' ').filter(Boolean) ?? defaultScopes;
    const unknown = unknownScopes(scopes);
    if (unknown.length > 0) return c.redirect(invalidScopeRedirect(redirectUri as string, unknown, state), 302);
    const target = new URL(redirectUri as string);
    if (field('decision') === 'approve') {
      target.searchParams.set('code', grants.issueCode(clientId as string, tenant().integrationUserId, scopes, redirectUri as string));
    } else {
      target.searchParams.set('error', 'access_denied');
    }
    if (state !== undefined) target.searchParams.set('state', state);
    return c.redirect(target.toString(), 302);
  });

  app.post('/identity/oauth/token', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const client = authenticateClient(grants.clients, c.req.header('authorization'), field('client_id'), field('client_secret'));
    if (!client) return c.json({ error: 'invalid_client', error_description: 'client authentication failed' }, 401);
    const grantType = field('grant_type');
    const result =
      grantType === 'authorization_code'
        ? grants.exchangeCode(client, field('code') ?? '', field('redirect_uri'))
        : grantType === 'refresh_token'
          ? grants.refresh(client, field('refresh_token') ?? '')
          : ({ ok: false, status: 400, error: 'unsupported_grant_type', description: `grant_type ${grantType}` } as const);
    c.header('Cache-Control', 'no-store');
    if (!result.ok) return c.json({ error: result.error, error_description: result.description }, result.status);
    return c.json(result.body, 200);
  });

  app.post('/identity/oauth/revoke', async (c) => {
    const form = await c.req.parseBody();
    const client = authenticateClient(
      grants.clients,
      c.req.header('authorization'),
      typeof form['client_id'] === 'string' ? form['client_id'] : undefined,
      typeof form['client_secret'] === 'string' ? form['client_secret'] : undefined,
    );
    if (!client) return c.json({ error: 'invalid_client', error_description: 'client authentication failed' }, 401);
    if (typeof form['token'] === 'string') grants.revokeToken(form['token']);
    return c.body(null, 200);
  });

  return app;
}

/**
 * RFC 6749 §4.1.2.1: with a valid client and redirect URI, an unknown scope goes back to the client
 * as `error=invalid_scope` (SR's own answer is undocumented; README).
 */
function invalidScopeRedirect(redirectUri: string, unknown: string[], state: string | undefined): string {
  const target = new URL(redirectUri);
  target.searchParams.set('error', 'invalid_scope');
  target.searchParams.set('error_description', `unknown scope ${unknown.join(' ')}`);
  if (state !== undefined) target.searchParams.set('state', state);
  return target.toString();
}

/** `client_secret_post` or `client_secret_basic`, both accepted by SR (API-NOTES §1). */
function authenticateClient(
  clients: Map<string, OAuthClient>,
  authorization: string | undefined,
  bodyId: string | undefined,
  bodySecret: string | undefined,
): OAuthClient | undefined {
  let id = bodyId;
  let secret = bodySecret;
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    id = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const client = clients.get(id ?? '');
  return client && client.clientSecret === secret ? client : undefined;
}
