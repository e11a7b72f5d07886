export { sandboxOrganisation, startWilloSandbox, type SandboxOrganisation, type WilloSandbox, type WilloSandboxOptions } from './sandbox-organisation';
export { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '@srw/test-support';
