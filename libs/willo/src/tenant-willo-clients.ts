import { AppError } from '@srw/errors';

/** A tenant's own Willo organisation key, as the vault answers it; `version` changes when the key is replaced. */
export interface TenantWilloCredential {
  apiKey: string;
  version: string;
}

/** The tenant has no Willo key of its own and the deployment no global one: nothing to call Willo with. Not retryable. */
export class WilloNotConfiguredError extends AppError {
  readonly code = 'WILLO_NOT_CONFIGURED';
  constructor(readonly tenantId: string) {
    super(`tenant ${tenantId} has no Willo API key (set one with PUT /v1/willo-credentials) and no global WILLO_API_KEY is configured`, false);
  }
}

export interface TenantWilloClientsOptions<C> {
  /** The tenant's own key, undefined when it has none. */
  credentialOf(tenantId: string): Promise<TenantWilloCredential | undefined>;
  /** Builds the client of one organisation (its own rate limiter, hence its own daily and per-second budget). */
  create(apiKey: string): C;
  /** The client of the deployment's global key, for tenants without a key of their own (asked when needed: it may start late). */
  fallback?: (() => C) | undefined;
}

/**
 * Resolves each tenant's Willo client: its own organisation's where it has set a key, else the
 * global fallback. One client per tenant and key version, built once, so the rate limits count per
 * organisation; a replaced key gets a new client and the old one is dropped.
 */
export function tenantWilloClients<C>({ credentialOf, create, fallback }: TenantWilloClientsOptions<C>): (tenantId: string) => Promise<C> {
  const clients = new Map<string, { version: string; client: C }>();
  return async (tenantId) => {
    const credential = await credentialOf(tenantId);
    if (!credential) {
      clients.delete(tenantId);
      if (fallback === undefined) throw new WilloNotConfiguredError(tenantId);
      return fallback();
    }
    const cached = clients.get(tenantId);
    if (cached?.version === credential.version) return cached.client;
    const client = create(credential.apiKey);
    clients.set(tenantId, { version: credential.version, client });
    return client;
  };
}
