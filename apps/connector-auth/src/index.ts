/**
 * What a process composing several services (apps/all-in-one) may use of connector-auth: the factory,
 * the ports it takes and its secret stores (the token vault and the OAuth nonce store). Everything else stays inside the app.
 */
export { createConnectorAuth, connectorAuthCategories, type ConnectorAuth } from './connector-auth';
export { SecretStores } from './secret-stores';
export type { Clock, ConnectorAuthPorts, SrAuthorization } from './ports';
export { base64Secret } from './config';
/** Its service definition as `main.ts` runs it: apps/all-in-one checks that no two services' relays publish one category. */
export { connectorAuthService } from './connector-auth';
export { srAuthorization } from './sr-authorization';
