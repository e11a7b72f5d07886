import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './generated/config-api.types';

export type { components, paths };

/** The bodies of config-api by their OpenAPI names (`ConfigApiSchemas['Mapping']`). */
export type ConfigApiSchemas = components['schemas'];
export type ConfigApiClient = Client<paths>;

export interface ConfigApiClientOptions {
  /** config-api's origin with its version path: `https://config.example.com/v1`. */
  baseUrl: string;
  /** The Willo frontend's JWT, sent as `Authorization: Bearer <token>` on every request. */
  token?: string;
  /** A fetch of your own (tests call the Hono app in-process). */
  fetch?: ClientOptions['fetch'];
  headers?: Record<string, string>;
}

/**
 * The typed client of config-api for the frontend team, generated from the document the API serves
 * (`/v1/openapi.json`) with openapi-typescript and called with openapi-fetch:
 * `const { data, error } = await client.GET('/jobs', { params: { query: { q: 'engineer' } } })`.
 * `error` is the RFC 9457 problem of a 4xx or 5xx.
 */
export function createConfigApiClient({ baseUrl, token, fetch, headers = {} }: ConfigApiClientOptions): ConfigApiClient {
  return createClient<paths>({
    baseUrl,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(fetch ? { fetch } : {}),
  });
}
