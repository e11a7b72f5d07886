import { srProductionHosts } from '../sr-settings';

export interface AuthorizeUrlInput {
  clientId: string;
  /** Must equal one registered with SR exactly. */
  redirectUri: string;
  scopes: readonly string[];
  /** Opaque, signed and single-use: it tells tenants apart and defeats CSRF (ARCHITECTURE §9). */
  state: string;
  /** Defaults to SR's production consent page. */
  authorizeUrl?: string;
}

/** The URL that sends a customer admin to SR's consent page (`/identity/oauth/allow`). */
export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  if (input.scopes.length === 0) throw new RangeError('SR rejects an empty scope; pass at least one');
  const url = new URL(input.authorizeUrl ?? srProductionHosts.authorize);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  // SR wants the scopes space-separated and encoded as %20, not "+".
  url.searchParams.set('scope', input.scopes.join(' '));
  url.searchParams.set('state', input.state);
  return url.toString().replace(/\+/g, '%20');
}
