import { z } from 'zod';
import { openEnum } from '@srw/http-kit';
import { srDate } from './common';

export const subscriptionStatuses = ['inactive', 'active'] as const;
export type KnownSubscriptionStatus = (typeof subscriptionStatuses)[number];

/**
 * `Subscription`: the spec requires `callbackUrl` and `events`. `id` (read-only there) is kept
 * required: without it a subscription can be neither activated nor deleted. See the README.
 */
export const subscription = z.object({
  id: z.string().min(1),
  callbackUrl: z.string(),
  // The merged spec types these as audit `Event` objects (a merge collision, SOURCES.md); SR sends names.
  events: z.array(z.string()),
  status: openEnum(subscriptionStatuses).optional(),
});
export type WebhookSubscription = z.infer<typeof subscription>;

export const subscriptions = z.array(subscription);

/** `SecretKeyPayload`: `secretKey` optional in the spec, kept required (no key, no signature check). */
export const secretKey = z.object({ secretKey: z.string().min(1) });

export const callbackStatuses = ['successful', 'failed'] as const;
export type KnownCallbackStatus = (typeof callbackStatuses)[number];

/** `CallbackRequest` of the callbacks log: nothing required by the spec. */
export const callbackLogEntry = z.object({
  status: openEnum(callbackStatuses).optional(),
  timestamp: srDate.optional(),
  requestDetails: z.object({ url: z.string().optional(), body: z.string().optional(), headers: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type CallbackLogEntry = z.infer<typeof callbackLogEntry>;

export const callbackLog = z.array(callbackLogEntry);
