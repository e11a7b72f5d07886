import { telemetry } from './instrumentation';
import { runService } from '@srw/runtime';
import { createWilloClient, systemClock, willoRateLimitsOf } from '@srw/willo';
import { inviteDispatcherConfigSchema } from './config';
import { eventStoreCandidateContacts } from './candidate-contacts';
import { openCandidateKeys } from './candidate-keys';
import { inviteDispatcherService } from './invite-dispatcher';

await runService(
  inviteDispatcherService(
    inviteDispatcherConfigSchema,
    ({ adapters, config, logger }) => {
      const willo = createWilloClient({ apiKey: config.WILLO_API_KEY, rateLimits: willoRateLimitsOf(config), ...(config.WILLO_BASE_URL ? { baseUrl: config.WILLO_BASE_URL } : {}) });
      return {
        eventStore: adapters.eventStore,
        contacts: eventStoreCandidateContacts(adapters.eventStore, openCandidateKeys(config)),
        willoFor: () => willo,
        logger,
      };
    },
    systemClock,
  ),
  { telemetry },
);
