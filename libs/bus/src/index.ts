// The port only: adapters have their own entry points (`@srw/bus/embedded`, `@srw/bus/kafka`),
// so that importing the port never loads an infrastructure client.
export * from './bus.port';
