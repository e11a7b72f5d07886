export { approveOnConsentPage, connectToSandbox, type SandboxConnection, type ConnectOptions } from './connect-to-sandbox';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedDelivery } from './webhook-receiver';
export { stubSrHttp } from './stub-sr-http';
export { rateBudgetContract, contractLimits, type RateBudgetHarness } from './rate-budget.contract';
