export * from './projection';
export * from './read-models';
export * from './integrations/integrations.projection';
export * from './jobs/jobs.projection';
export * from './hiring-stages/hiring-stages.projection';
export * from './applications/applications.projection';
export * from './sync-runs/sync-runs.projection';
export * from './replay';
