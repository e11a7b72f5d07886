import { ConflictError, TransientError, UpstreamError } from '@srw/errors';
import { z } from 'zod';
import type { ConnectorAuthPort } from './ports';

export interface ConnectorAuthClientOptions {
  /** connector-auth's base URL (`CONNECTOR_AUTH_URL`). */
  baseUrl: string;
  /** The bearer token of its internal endpoints (`INTERNAL_SERVICE_TOKEN`). */
  serviceToken: string;
  /** all-in-one passes one that calls connector-auth's Hono app in-process. */
  fetch?: typeof fetch;
}

const authorizationUrlAnswer = z.object({ authorizationUrl: z.url() });

/** The `ConnectorAuthPort` over HTTP, with the service token. */
export function connectorAuthClient({ baseUrl, serviceToken, fetch: fetchFn = fetch }: ConnectorAuthClientOptions): ConnectorAuthPort {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (path: string, init: { query?: Record<string, string>; body?: unknown }) => {
    const url = new URL(`${base}${path}`);
    for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetchFn(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${serviceToken}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    } catch (error) {
      throw new TransientError('connector-auth is unreachable', { cause: error });
    }
    if (response.ok) return response;
    const detail = await response.text().catch(() => '');
    // Its 409 is the integration's state refusing the request (e.g. nothing to disconnect): the caller's conflict.
    if (response.status === 409) throw new ConflictError(problemDetail(detail) ?? 'the integration refused the request');
    if (response.status >= 500) throw new TransientError(`connector-auth answered ${response.status}`);
    throw new UpstreamError(`connector-auth answered ${response.status}`, response.status);
  };
  const tenantPath = (tenantId: string) => `/integrations/${encodeURIComponent(tenantId)}`;
  return {
    async authorizationUrl({ tenantId, userId, plan }) {
      const response = await call(`${tenantPath(tenantId)}/authorization-url`, { query: { userId, ...(plan ? { plan } : {}) } });
      const parsed = authorizationUrlAnswer.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new UpstreamError('connector-auth answered no authorization URL', response.status);
      return parsed.data.authorizationUrl;
    },
    async disconnect({ tenantId, userId, reason }) {
      await call(`${tenantPath(tenantId)}/disconnect`, { body: { userId, ...(reason ? { reason } : {}) } });
    },
  };
}

function problemDetail(text: string): string | undefined {
  try {
    const detail: unknown = (JSON.parse(text) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail : undefined;
  } catch {
    return undefined;
  }
}
