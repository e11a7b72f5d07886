import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { srPollerService } from './sr-poller.service';

await runService(srPollerService(), { telemetry });
