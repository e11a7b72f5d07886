import './node-version-check';
import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { createAllInOne } from './all-in-one-stack';
import { demoTenant } from './demo-enable.routes';
import { reportSyncProgress } from './sync-progress';

const allInOne = createAllInOne();
const service = await runService(allInOne.definition, { telemetry });
const { eventStore, bus, readStore } = service.adapters.kinds;
const real = allInOne.realServices();
const adapters = `event store ${eventStore}, bus ${bus}, read store ${readStore}${eventStore === 'embedded' ? ` (files in ${service.config.DATA_DIR}/)` : ''}`;
const adminUrl = allInOne.adminUrl() ?? `${service.url}/admin`;
if (real) {
  console.log(`
Admin page:       ${adminUrl}  (sign in with a token of the Willo frontend)
SmartRecruiters ↔ Willo integration, all in one process, against the real services
  adapters:       ${adapters}
  health:         ${service.url}/readyz
  SmartRecruiters ${real.sr.apiUrl}  (OAuth client ${real.sr.clientId}; callback ${allInOne.adminUrl()?.replace(/\/admin$/, '')}/oauth/callback)
  Willo:          ${real.willo.baseUrl}
Stop with Ctrl-C.`);
} else {
  const { sr, willo } = allInOne.sandboxes();
  console.log(`
Admin page:       ${adminUrl}  (demo: signed in as the demo tenant's admin; Enable, map a job, then act as recruiter and candidate)
SmartRecruiters ↔ Willo integration, all in one process, demo mode (both sandboxes, seeded)
  adapters:       ${adapters}
  health:         ${service.url}/readyz
  Enable:         ${allInOne.enableUrl() ?? 'off: set PORT to a fixed port or PUBLIC_BASE_URL (the SR callback must be registered)'}  (connects the demo tenant through the SR sandbox's consent page)
  SR sandbox:     ${sr.url}  (OAuth, jobs, candidates, webhooks; control API under /_control)
  Willo sandbox:  ${willo.apiBaseUrl}  (demo API key: ${willo.apiKey})
Stop with Ctrl-C.`);
  // The demo tenant's syncs, as the page shows them; the real services' tenants are the Willo frontend's.
  reportSyncProgress({ readStore: service.adapters.readStore, tenantId: demoTenant, write: (line) => console.log(`  ${line}`) });
}
