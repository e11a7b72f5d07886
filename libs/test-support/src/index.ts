export * from './barrier';
export * from './reference';
export * from './seeded-random';
export * from './services';
export * from './wait';
export * from './tracing';
export * from './webhook-receiver';
export * from './ports';
