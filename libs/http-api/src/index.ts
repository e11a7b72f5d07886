export { callerSchema, type Caller, type CallerEnv, type CallerVariables } from './caller';
export {
  authenticateJwt,
  defaultClockSkewSeconds,
  jwksAlgorithms,
  maxClockSkewSeconds,
  minHs256SecretBytes,
  type AuthenticateJwtOptions,
  type JwksAlgorithm,
  type JwtKeySource,
} from './authenticate-jwt';
export { corsForOrigins, type CorsOptions } from './cors';
export { requestId, type RequestIdOptions, type RequestIdVariables } from './request-id';
export { jsonEtag } from './json-etag';
export { limitBody, type BodyLimitOptions } from './body-limit';
export { rateLimitPerTenant, type RateLimitPerTenantOptions } from './rate-limit-per-tenant';
export { TokenBuckets, type Admission, type TokenBucketLimits } from './token-buckets';
export { problemMethodNotAllowed } from './unknown-routes';
export { problemException } from './problem-exception';
export { SecretValue } from './secret-value';
export {
  apiSecurityEnv,
  apiSecurityOptionsOf,
  apiSecuritySchema,
  refineJwtKeySource,
  type ApiSecurityConfig,
  type ApiSecurityOptions,
} from './security-config';
export { problemResponses, problemSchema, throwValidationProblem } from './problem-schema';
export { withApiEdge, type ApiEdgeOptions } from './api-edge';
