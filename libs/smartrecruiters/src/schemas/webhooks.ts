import { z } from 'zod';
import { srDate } from './common';

export const subscription = z.object({
  id: z.string().min(1),
  callbackUrl: z.string(),
  // The merged spec types these as audit `Event` objects (a merge collision, SOURCES.md); SR sends names.
  events: z.array(z.string()),
  status: z.enum(['inactive', 'active']).optional(),
});
export type WebhookSubscription = z.infer<typeof subscription>;

export const subscriptions = z.array(subscription);

export const secretKey = z.object({ secretKey: z.string().min(1) });

export const callbackLogEntry = z.object({
  status: z.enum(['successful', 'failed']),
  timestamp: srDate,
  requestDetails: z.object({ url: z.string().optional(), body: z.string().optional(), headers: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type CallbackLogEntry = z.infer<typeof callbackLogEntry>;

export const callbackLog = z.array(callbackLogEntry);
