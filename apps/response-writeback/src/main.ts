import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { responseWritebackService } from './response-writeback.service';

await runService(responseWritebackService(), { telemetry });
