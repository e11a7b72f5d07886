export { openEmbeddedEventStore } from './embedded-event-store';
export { openEmbeddedPii } from './embedded-pii';
export { serveSrWebhookRoutes, type ServedWebhookRoutes } from './serve-webhook-routes';
export { holdBackFirstAppend, loggedDeliveries, withAppendFaults, type AppendFaults, type LoggedDelivery } from './webhook-faults';
