import type { EventMessage } from '@srw/contracts';
import { observeWebhookDelivery, SrReadFailedError, type ObserveDeliveryDeps } from '@srw/sr-sync';

/**
 * `ApplicationWebhookDeferred` (a delivery the intake acknowledged before reading its stage) into
 * the `ApplicationStageObserved` the intake would have appended, once per SR `event-id`; other
 * events are passed over. SR's own error is what the bus sees, so it retries what SR may answer
 * later and dead-letters what it never will.
 */
export async function observeDeferredDelivery(deps: ObserveDeliveryDeps, event: EventMessage): Promise<void> {
  if (event.type !== 'ApplicationWebhookDeferred') return;
  const { candidateId, jobId, webhookEventId } = event.data;
  try {
    await observeWebhookDelivery(deps, event.metadata.tenantId, { candidateId, jobId, eventId: webhookEventId }, { causationId: event.id });
  } catch (error) {
    throw error instanceof SrReadFailedError ? error.cause : error;
  }
}
