export { bearerFor, signTestToken, testJwt, testJwtOptions, type TestTokenOptions } from './test-tokens';
export { problemApp, problemOf } from './problem-app';
export {
  assertTenantIsolation,
  routeTable,
  uncoveredRoutes,
  walkTenantIsolation,
  type IsolationCase,
  type IsolationCases,
  type IsolationResult,
  type RouteKey,
  type TenantIsolationOptions,
} from './tenant-isolation';
export { fuzzChecks, fuzzerHome, fuzzOpenApi, installFuzzerHint, schemathesisBinary, type FuzzOptions, type FuzzReport } from './fuzz-openapi';
