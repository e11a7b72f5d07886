export * from './logger';
export * from './trace-context';
export * from './telemetry';
export * from './semconv';
export * from './metrics';
