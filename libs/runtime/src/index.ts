export * from './config';
export * from './event-append';
export * from './handle-command';
export * from './event-consumer';
export * from './relay';
export * from './topic-specs';
export * from './adapters';
