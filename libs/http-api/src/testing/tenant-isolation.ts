import type { Hono } from 'hono';

/** One (method, path) pair of an app, its path in OpenAPI form: `GET /v1/notes/{noteId}`. */
export type RouteKey = `${string} /${string}`;

/** What a spec says about one route: how to aim it at tenant B's data, or why it has no tenant data. */
export type IsolationCase =
  | {
      /** Path parameters beyond (or instead of) `tenantBIds`. */
      params?: Record<string, string>;
      /** Path parameters that name no tenant's data (a fixed resource name such as an integration kind): not looked for in answers. */
      sharedParams?: Record<string, string>;
      query?: Record<string, string>;
      /** A JSON body, for writes. */
      body?: unknown;
      /** The status tenant A must get; default 404 (a problem+json). A documented 4xx for a write that refuses otherwise; 200 for a list. */
      expect?: number;
      /**
       * Whether tenant B's own token must succeed (2xx) with the same request first, proving that the
       * ids are real and the 404 is isolation, not a typo. Default: for GET routes expecting 404.
       */
      control?: boolean;
    }
  | { skip: string };

export type IsolationCases = Record<RouteKey, IsolationCase>;

/** The subset of a Hono app the walker needs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app, whatever its env and routes' types
type AnyHono = Hono<any, any, any>;

export interface TenantIsolationOptions {
  app: AnyHono;
  cases: IsolationCases;
  /** Ids of tenant B's resources by path parameter name (`{ noteId: 'note-b1' }`). */
  tenantBIds: Record<string, string>;
  /** The `Authorization` header value of a tenant's caller, e.g. `Bearer <token>`. */
  authorizationOf(tenantId: string): Promise<string>;
  tenantA?: string;
  tenantB?: string;
}

export interface IsolationResult {
  route: RouteKey;
  ok: boolean;
  /** Why it failed, or why it was skipped. */
  note?: string;
}

const openApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?\??/g, '{$1}');

/**
 * Every (method, path) pair the app answers, from its route table (routes mounted with `app.route()`
 * included, each once; `use()` middleware and `all()` left out: they are not endpoints), sorted.
 */
export function routeTable(app: AnyHono): RouteKey[] {
  const keys = new Set<RouteKey>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    keys.add(`${route.method.toUpperCase()} ${openApiPath(route.path)}` as RouteKey);
  }
  return [...keys].sort();
}

/** Routes with no case, and cases whose route is gone: either makes the isolation spec fail, so a new route cannot ship without one. */
export function uncoveredRoutes(routes: readonly RouteKey[], cases: IsolationCases): { missing: RouteKey[]; stale: RouteKey[] } {
  const known = new Set(routes);
  return {
    missing: routes.filter((route) => !(route in cases)),
    stale: (Object.keys(cases) as RouteKey[]).filter((route) => !known.has(route)),
  };
}

function urlFor(route: RouteKey, ids: Record<string, string>, query: Record<string, string> = {}): string {
  const path = route.slice(route.indexOf(' ') + 1).replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const id = ids[name];
    if (id === undefined) throw new Error(`${route}: no id of tenant B for path parameter "${name}" (add it to tenantBIds or the case's params)`);
    return encodeURIComponent(id);
  });
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

async function tryCase(route: RouteKey, testCase: Exclude<IsolationCase, { skip: string }>, options: TenantIsolationOptions): Promise<string | undefined> {
  const method = route.slice(0, route.indexOf(' '));
  const expected = testCase.expect ?? 404;
  const url = urlFor(route, { ...options.tenantBIds, ...testCase.params, ...testCase.sharedParams }, testCase.query);
  const send = async (tenantId: string) =>
    options.app.request(url, {
      method,
      headers: { authorization: await options.authorizationOf(tenantId), ...(testCase.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(testCase.body === undefined ? {} : { body: JSON.stringify(testCase.body) }),
    });

  if (testCase.control ?? (method === 'GET' && expected === 404)) {
    const own = await send(options.tenantB ?? 'tenant-b');
    if (own.status < 200 || own.status > 299) return `control: tenant B's own token got ${own.status}, so the ids do not name tenant B's data`;
  }
  const response = await send(options.tenantA ?? 'tenant-a');
  const text = await response.text();
  if (response.status !== expected) return `tenant A got ${response.status}, expected ${expected}: ${text.slice(0, 200)}`;
  if (expected >= 400) {
    const type = response.headers.get('content-type');
    if (type !== 'application/problem+json') return `tenant A got ${response.status} as ${type}, not application/problem+json`;
    return undefined;
  }
  const leaked = Object.values({ ...options.tenantBIds, ...testCase.params }).filter((id) => text.includes(id));
  return leaked.length > 0 ? `tenant A's ${response.status} answer names tenant B's ${leaked.join(', ')}` : undefined;
}

/**
 * Walks the app's route table: every route must have a case; each case calls its route with tenant
 * A's token, path parameters filled with tenant B's ids, and expects 404 problem+json (or the case's
 * status), never tenant B's data. Returns one result per route, skipped ones as ok with their reason.
 */
export async function walkTenantIsolation(options: TenantIsolationOptions): Promise<IsolationResult[]> {
  const routes = routeTable(options.app);
  const { missing, stale } = uncoveredRoutes(routes, options.cases);
  const results: IsolationResult[] = [
    ...missing.map((route) => ({ route, ok: false, note: 'no isolation case for this route: add one to the spec' })),
    ...stale.map((route) => ({ route, ok: false, note: 'a case for a route the app does not have: remove or rename it' })),
  ];
  for (const route of routes) {
    const testCase = options.cases[route];
    if (testCase === undefined) continue;
    if ('skip' in testCase) {
      results.push({ route, ok: true, note: `skipped: ${testCase.skip}` });
      continue;
    }
    const failure = await tryCase(route, testCase, options);
    results.push(failure === undefined ? { route, ok: true } : { route, ok: false, note: failure });
  }
  return results;
}

/** {@link walkTenantIsolation}, failing with every failed route listed. */
export async function assertTenantIsolation(options: TenantIsolationOptions): Promise<IsolationResult[]> {
  const results = await walkTenantIsolation(options);
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) {
    throw new Error(`tenant isolation failed for ${failed.length} route(s):\n${failed.map((r) => `  ${r.route}: ${r.note}`).join('\n')}`);
  }
  return results;
}
