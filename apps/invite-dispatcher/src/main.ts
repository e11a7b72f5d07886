import { telemetry } from './instrumentation';
import { lazyStore, runService } from '@srw/runtime';
import { keyRingOf, openWilloCredentialsStore, TokenCipher } from '@srw/vault';
import { createWilloClient, systemClock, tenantWilloClients, willoRateLimitsOf, type WilloClient } from '@srw/willo';
import { inviteDispatcherConfigSchema } from './config';
import { eventStoreCandidateContacts } from './candidate-contacts';
import { openCandidateKeys } from './candidate-keys';
import { inviteDispatcherService } from './invite-dispatcher';

await runService(
  inviteDispatcherService(
    inviteDispatcherConfigSchema,
    ({ adapters, config, logger }) => {
      const willoOf = (apiKey: string): WilloClient =>
        createWilloClient({ apiKey, rateLimits: willoRateLimitsOf(config), ...(config.WILLO_BASE_URL ? { baseUrl: config.WILLO_BASE_URL } : {}) });
      // Each tenant's own organisation (config-api's PUT /v1/willo-credentials), else the fallback key if there is one.
      const credentials = lazyStore(() => openWilloCredentialsStore(config, TokenCipher.fromConfig(keyRingOf(config))));
      const fallback = config.WILLO_API_KEY === undefined ? undefined : willoOf(config.WILLO_API_KEY);
      const willoFor = tenantWilloClients({
        credentialOf: (tenantId) => credentials.credentialOf(tenantId),
        create: willoOf,
        ...(fallback ? { fallback: () => fallback } : {}),
      });
      return {
        eventStore: adapters.eventStore,
        contacts: eventStoreCandidateContacts(adapters.eventStore, openCandidateKeys(config)),
        willoFor,
        logger,
      };
    },
    systemClock,
  ),
  { telemetry },
);
