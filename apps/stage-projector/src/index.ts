/** What a process composing several services (apps/all-in-one) may use of stage-projector: the factory and its ports. */
export { createStageProjector, type StageProjector, type StageProjectorOptions, type StageProjectorPorts } from './stage-projector';
/** Its service definition as `main.ts` runs it: apps/all-in-one checks that no two services' relays publish one category. */
export { stageProjectorService } from './stage-projector';
