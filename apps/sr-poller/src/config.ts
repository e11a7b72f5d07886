import { serviceConfigSchema } from '@srw/runtime';
import { keyRingEnv, keyRingOf, refineKeyRing } from '@srw/vault';
import { z } from 'zod';
import type { SrPollerOptions } from './sr-poller';

const idPart = z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only');

/** The poller's own settings (scheduling, leases), shared with apps/all-in-one, which composes the poller. */
export const srPollerSettings = {
  /** Names this replica in leases and its consumer group; unset: a fresh id per start (the group then replays the topic). */
  SR_POLLER_REPLICA_ID: idPart.optional(),
  /** Prefix of the per-replica consumer group `<prefix>.<replica id>`. */
  SR_POLLER_GROUP_PREFIX: idPart.default('sr-poller'),
  /** How long a tenant's lease holds unrenewed: a dead replica's tenants are taken over after it. */
  SR_POLLER_LEASE_TTL_MS: z.coerce.number().int().min(3_000).default(60_000),
  /** Syncs one replica runs at once. */
  SR_POLLER_MAX_CONCURRENT_SYNCS: z.coerce.number().int().min(1).max(64).default(4),
  /** Delay before a failed run is tried again (at most the tenant's interval). */
  SR_POLLER_RETRY_DELAY_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** On SIGTERM, how long running syncs may go on before they are aborted; keep it below SHUTDOWN_TIMEOUT_MS. An aborted run is resumed by the next lease holder. */
  SR_POLLER_STOP_GRACE_MS: z.coerce.number().int().min(0).default(5_000),
};

/** The options of `createSrPoller` its settings give. */
export function srPollerOptionsOf(config: z.output<z.ZodObject<typeof srPollerSettings>>): SrPollerOptions {
  return {
    groupIdPrefix: config.SR_POLLER_GROUP_PREFIX,
    leaseTtlMs: config.SR_POLLER_LEASE_TTL_MS,
    maxConcurrentSyncs: config.SR_POLLER_MAX_CONCURRENT_SYNCS,
    retryDelayMs: config.SR_POLLER_RETRY_DELAY_MS,
    stopGraceMs: config.SR_POLLER_STOP_GRACE_MS,
    ...(config.SR_POLLER_REPLICA_ID ? { replicaId: config.SR_POLLER_REPLICA_ID } : {}),
  };
}

/** The keys every service reads (root README), and sr-poller's own (its README lists them). */
export const srPollerConfigSchema = serviceConfigSchema
  .extend({
  /** SR's API host; the sandbox's URL in tests and demos. */
  SR_API_URL: z.url().default('https://api.smartrecruiters.com'),
  /** connector-auth's base URL, where access tokens come from (`POST /internal/access-token`). */
  CONNECTOR_AUTH_URL: z.url(),
  /** Where SR reaches this service (https in production): SR webhooks call back `<PUBLIC_BASE_URL>/sr/webhooks/<tenant>`. Unset: no webhooks, polling only. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Bearer token of connector-auth's internal endpoints. */
  INTERNAL_SERVICE_TOKEN: z.string().min(32, 'at least 32 characters'),
  ...srPollerSettings,
  /** AES-256 keys wrapping the per-candidate PII keys, `<keyId>:<32 bytes base64>` separated by commas. */
  VAULT_KEYS: keyRingEnv.VAULT_KEYS,
  /** The key id of VAULT_KEYS that wraps new candidate keys. */
  VAULT_CURRENT_KEY_ID: keyRingEnv.VAULT_CURRENT_KEY_ID,
})
  // The ring is checked whole here, so a bad key stops the start with the other bad settings.
  .superRefine(refineKeyRing);
export type SrPollerConfig = z.output<typeof srPollerConfigSchema>;

export { keyRingOf };
