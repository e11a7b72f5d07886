export { openEmbeddedEventStore } from './embedded-event-store';
export { serveSrWebhookRoutes, type ServedWebhookRoutes } from './serve-webhook-routes';
