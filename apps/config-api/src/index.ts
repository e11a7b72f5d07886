/**
 * What a process composing several services (apps/all-in-one) may use of config-api: the factory,
 * the ports it takes and the caller type its `authenticate` must set.
 */
export { createConfigApi, createSecuredConfigApi, apiVersionPath, type ConfigApi, type ConfigApiOptions } from './config-api';
export { connectorAuthClient } from './connector-auth-client';
export { willoKeyCheck, type WilloKeyCheckOptions } from './willo-key-check';
export { adminPageRoutes, adminContentSecurityPolicy, type AdminPageOptions } from './admin-page/admin-page.routes';
export type { Caller, ConfigApiEnv } from './caller';
export type { Clock, ConfigApiPorts, ConnectorAuthPort, WilloKeyCheck } from './ports';
/** Its service definition as `main.ts` runs it: apps/all-in-one checks that no two services' relays publish one category. */
export { configApiService } from './config-api';
