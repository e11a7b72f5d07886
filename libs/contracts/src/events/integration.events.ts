import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event';
import { isoDateTime } from '../metadata';

export const plans = ['launch', 'growth', 'scale', 'enterprise'] as const;
export const planSchema = z.enum(plans);
export type Plan = z.infer<typeof planSchema>;

export const IntegrationEnableRequested = defineEvent(
  'IntegrationEnableRequested',
  1,
  z.object({ requestedBy: z.string().min(1), plan: planSchema }),
);

export const IntegrationConnected = defineEvent(
  'IntegrationConnected',
  1,
  z.object({
    connectedBy: z.string().min(1),
    /** Scopes SR granted; may be fewer than asked for. */
    scopes: z.array(z.string()),
    accessTokenExpiresAt: isoDateTime,
  }),
);

/** Records only the new expiry: tokens never enter the event store. */
export const AccessTokenRefreshed = defineEvent('AccessTokenRefreshed', 1, z.object({ expiresAt: isoDateTime }));

export const AuthorizationLost = defineEvent(
  'AuthorizationLost',
  1,
  z.object({ reason: z.enum(['revoked', 'expired', 'invalid_grant', 'scope_removed']), detail: z.string().optional() }),
);

export const IntegrationDisconnected = defineEvent(
  'IntegrationDisconnected',
  1,
  z.object({ disconnectedBy: z.string().min(1), reason: z.string().optional() }),
);

export const PlanChanged = defineEvent(
  'PlanChanged',
  1,
  z.object({
    plan: planSchema,
    /** A per-tenant override of the plan's sync interval, in seconds. */
    intervalSecondsOverride: z.number().int().positive().optional(),
  }),
);

export const SyncRequested = defineEvent(
  'SyncRequested',
  1,
  z.object({ kind: z.enum(['full', 'incremental']), requestedBy: z.string().min(1) }),
);

export const integrationEvents = [
  IntegrationEnableRequested,
  IntegrationConnected,
  AccessTokenRefreshed,
  AuthorizationLost,
  IntegrationDisconnected,
  PlanChanged,
  SyncRequested,
] as const;
export type IntegrationEvent = EventOf<(typeof integrationEvents)[number]>;
