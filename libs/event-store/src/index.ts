// The port only: adapters have their own entry points (`@srw/event-store/embedded`, `@srw/event-store/esdb`),
// so that importing the port never loads an infrastructure client.
export * from './event-store.port';
export * from './event-id';
