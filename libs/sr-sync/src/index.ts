export { runInitialSync, runIncrementalSync, type InitialSyncRequest, type IncrementalSyncRequest, type SyncRunResult } from './sr-sync';
export type { ApplicationLocator, SrSyncDeps } from './run-context';
export type { CheckpointReport } from './sync-run-recorder';
export { readRun, type RunHistory } from './sync-run-recorder';
export type { TriggerStage } from './sr-mapping';
export { stagesOf, jobSnapshot } from './sr-mapping';
export { countingSrSource, type CountingSrSource, type SrSource } from './sr-source';
export { contentHash, canonicalJson } from './content-hash';
export type { CandidatePiiProtection } from './observations';
