// The port only: adapters have their own entry points (`@srw/read-store/embedded`, `@srw/read-store/mongo`),
// so that importing the port never loads an infrastructure client.
export * from './read-store.port';
