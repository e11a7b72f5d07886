/**
 * What a process composing several services (apps/all-in-one) may use of connector-auth: the factory
 * and the ports it takes. Everything else stays inside the app.
 */
export { createConnectorAuth, connectorAuthCategories, type ConnectorAuth } from './connector-auth';
export type { Clock, ConnectorAuthPorts, SrAuthorization } from './ports';
