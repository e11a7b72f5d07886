import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { configApiService } from './config-api';

await runService(configApiService(), { telemetry });
