import { keySegment, type WilloHttp } from './willo-http';
import { z } from 'zod';
import { paging } from './willo-settings';
import { interviewWire, type WilloInterview } from './willo-wire';

/** Interviews ("jobs" in Willo's words) for config-api to offer: list and read. */
export interface WilloInterviews {
  /** Every interview the key can see, all pages. */
  list(): Promise<WilloInterview[]>;
  /** One interview; {@link NotFoundError} when the key does not exist for this organisation. */
  get(key: string): Promise<WilloInterview>;
  /**
   * Proves Willo accepts the key: the cheapest authenticated call the reference offers, the first
   * page of `GET /interviews/` asking one item (`page_size` is ASSUMED: a Willo that ignores it
   * answers a longer first page, still one call), its `next` never followed. Rejects as every call
   * does: `AuthorizationLostError` (401), `ForbiddenError` (403), `RateLimitedError`, `TransientError`.
   */
  verifyKey(): Promise<void>;
}

export function willoInterviews(http: WilloHttp): WilloInterviews {
  return {
    list: () => http.list({ path: '/interviews/', call: 'GET /interviews/', item: interviewWire }),
    get: async (key) =>
      http.request({
        method: 'GET',
        path: `/interviews/${keySegment(key, 'interview')}/`,
        call: 'GET /interviews/{key}/',
        schema: interviewWire,
      }),
    verifyKey: async () => {
      await http.request({
        method: 'GET',
        path: '/interviews/',
        call: 'GET /interviews/',
        query: { [paging.pageSizeParam]: '1' },
        // Any page proves the key; its interviews are not read, so a field Willo spells otherwise is no refusal.
        schema: z.object({ results: z.array(z.unknown()) }),
      });
    },
  };
}
