import { keySegment, type WilloHttp } from './willo-http';
import { interviewWire, type WilloInterview } from './willo-wire';

/** Interviews ("jobs" in Willo's words) for config-api to offer: list and read. */
export interface WilloInterviews {
  /** Every interview the key can see, all pages. */
  list(): Promise<WilloInterview[]>;
  /** One interview; {@link NotFoundError} when the key does not exist for this organisation. */
  get(key: string): Promise<WilloInterview>;
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
  };
}
