export * from './bus.port';
export { SqliteBus, type SqliteBusOptions } from './embedded/sqlite-bus';
export { KafkaBus, type KafkaBusOptions } from './kafka/kafka-bus';
