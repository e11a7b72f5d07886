export * from './event-store.port';
export * from './event-id';
export { SqliteEventStore } from './embedded/sqlite-event-store';
export { EsdbEventStore } from './esdb/esdb-event-store';
