/** What a process composing several services (apps/all-in-one) may use of stage-projector: the factory and its ports. */
export { createStageProjector, type StageProjector, type StageProjectorOptions, type StageProjectorPorts } from './stage-projector';
