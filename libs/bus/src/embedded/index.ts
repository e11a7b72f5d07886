export { SqliteBus, type SqliteBusOptions } from './sqlite-bus';
