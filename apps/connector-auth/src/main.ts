import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { connectorAuthService } from './connector-auth';

await runService(connectorAuthService(), { telemetry });
