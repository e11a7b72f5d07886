export { ensureSrWebhookSubscription, srWebhookEvents, type EnsureSubscriptionInput, type EnsureSubscriptionResult } from './ensure-subscription';
export { srWebhookCallbackUrl, srWebhookMountPath, srWebhookRoutes, type SrWebhookRoutesDeps } from './webhook-routes';
export { InMemorySrWebhookKeys, type SrWebhookKeys } from './webhook-keys';
export { latestStage } from './latest-stage';
export { observeWebhookDelivery, SrReadFailedError, type ApplicationDelivery, type ObserveDeliveryDeps } from './observe-delivery';
