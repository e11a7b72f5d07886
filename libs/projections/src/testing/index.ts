export * from './event-history';
export * from './projection-spec';
export * from './read-model-dump';
export * from './realistic-history';
