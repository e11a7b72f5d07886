export * from './barrier';
export * from './reference';
export * from './seeded-random';
export * from './services';
export * from './wait';
export * from './webhook-receiver';
