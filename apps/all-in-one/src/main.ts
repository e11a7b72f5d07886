import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { createAllInOne } from './all-in-one-stack';

const allInOne = createAllInOne();
const service = await runService(allInOne.definition, { telemetry });
const { sr, willo } = allInOne.sandboxes();
const { eventStore, bus, readStore } = service.adapters.kinds;
console.log(`
SmartRecruiters ↔ Willo integration, all in one process
  adapters:       event store ${eventStore}, bus ${bus}, read store ${readStore}${eventStore === 'embedded' ? ` (files in ${service.config.DATA_DIR}/)` : ''}
  health:         ${service.url}/readyz
  Enable:         ${allInOne.enableUrl() ?? 'off: set PORT to a fixed port or PUBLIC_BASE_URL (the SR callback must be registered)'}  (connects the demo tenant through the SR sandbox's consent page)
  SR sandbox:     ${sr.url}  (OAuth, jobs, candidates, webhooks; control API under /_control)
  Willo sandbox:  ${willo.apiBaseUrl}  (demo API key: ${willo.apiKey})
Stop with Ctrl-C.`);
