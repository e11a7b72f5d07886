export * from './reference';
export * from './services';
export * from './wait';
export * from './tracing';
