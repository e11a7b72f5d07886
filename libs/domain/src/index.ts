export * from './decider';
export * from './command';
export * from './domain-rule-violation';
export * from './integration/integration.events';
export * from './integration/integration.decider';
export * from './integration/sync-interval';
export * from './sync-run/sync-run.events';
export * from './sync-run/sync-run.decider';
