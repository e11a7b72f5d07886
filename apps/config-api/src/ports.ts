import type { Plan } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import type { ReadStore } from '@srw/read-store';
import type { WilloCredentialsStore } from '@srw/vault';

/** Time comes in: command metadata carries it. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * What config-api asks of connector-auth, the only holder of SR tokens: the consent-page URL that
 * starts an enable (recorded there as `IntegrationEnableRequested`), and a disconnect (it deletes the
 * tokens before recording `IntegrationDisconnected`).
 */
export interface ConnectorAuthPort {
  authorizationUrl(request: { tenantId: string; userId: string; plan?: Plan }): Promise<string>;
  disconnect(request: { tenantId: string; userId: string; reason?: string }): Promise<void>;
}

/**
 * Whether Willo accepts a tenant's API key, asked with that key before config-api stores it:
 * `refused` when Willo answers 401/403; throws when Willo cannot say (unreachable, 5xx, throttled).
 */
export type WilloKeyCheck = (apiKey: string) => Promise<'accepted' | 'refused'>;

export interface ConfigApiPorts {
  eventStore: EventStore;
  readStore: ReadStore;
  connectorAuth: ConnectorAuthPort;
  /** Each tenant's own Willo organisation key; without it `/willo-credentials` is not served. */
  willoCredentials?: WilloCredentialsStore;
  /** Asks Willo about a key before `PUT /willo-credentials` stores it. */
  willoKeyCheck: WilloKeyCheck;
  /** True where invite-dispatcher and response-writeback have a fallback organisation (`WILLO_API_KEY`); the status says `deployment` then, else `missing`. */
  willoFallbackOrganisation?: boolean;
  logger?: Logger;
}
