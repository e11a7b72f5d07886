export { createWilloClient, type WilloClient, type WilloClientOptions } from './willo-client';
export type { WilloInterviews } from './interviews';
export { willoInviteSchema, type WilloInvite, type WilloParticipants } from './participants';
export type { InviteOnceRequest, InviteOnceResult } from './invite-once';
export type { WilloWebhookInput, WilloWebhooks } from './webhooks';
export {
  parseWebhookPayload,
  participantWithInterview,
  signWebhookBody,
  verifyWebhookDelivery,
  webhookPayloadSchema,
  type VerifiedWebhookDelivery,
  type WebhookDeliveryInput,
  type WilloNewResponse,
  type WilloParticipantWithInterview,
  type WilloStageChange,
  type WilloWebhookPayload,
} from './webhook-delivery';
export { systemClock, type Clock } from './clock';
export {
  defaultRetrySettings,
  metadataKeys,
  webhookSigning,
  willoBaseUrls,
  willoRateLimits,
  type WilloAuthScheme,
  type WilloEnvironment,
  type WilloRetrySettings,
} from './willo-settings';
export {
  sameEmail,
  webhookTriggers,
  type WilloInterview,
  type WilloParticipant,
  type WilloResponse,
  type WilloWebhook,
  type WilloWebhookTrigger,
} from './willo-wire';
export { hasWebhookToken, webhookTargetUrl, webhookTokenParam } from './webhook-url-token';
export { fallbackWilloApiKey, willoClientEnv, willoRateLimitsOf } from './willo-client-env';
export { tenantWilloClients, WilloNotConfiguredError, type TenantWilloClientsOptions, type TenantWilloCredential } from './tenant-willo-clients';
