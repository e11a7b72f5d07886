import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { stageProjectorService } from './stage-projector';

await runService(stageProjectorService(), { telemetry });
