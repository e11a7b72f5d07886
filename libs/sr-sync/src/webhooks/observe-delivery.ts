import { UpstreamError } from '@srw/errors';
import type { EventStore } from '@srw/event-store';
import type { SmartRecruitersClient } from '@srw/smartrecruiters';
import { ObservationWriter, type CandidatePiiProtection } from '../observations';
import { candidateSummaryOf } from '../sr-mapping';
import { latestStage } from './latest-stage';

/**
 * SR (or the tenant's grant) failed a read the observation needs: the delivery may wait in the
 * deferral queue. The store failing is not this: the intake answers that with a 5xx.
 */
export class SrReadFailedError extends Error {
  constructor(cause: unknown) {
    super(`SR read failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SrReadFailedError';
  }
}

async function fromSr<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new SrReadFailedError(error);
  }
}

/** An SR application delivery: which application changed, and SR's `event-id` for it. */
export interface ApplicationDelivery {
  candidateId: string;
  jobId: string;
  eventId: string;
}

export interface ObserveDeliveryDeps {
  store: EventStore;
  /** The tenant's authorised SR client: the delivery carries no status, so it is read (API-NOTES §8). */
  clientFor(tenant: string): Promise<Pick<SmartRecruitersClient, 'candidates'>>;
  /** Seals the profile of a candidate seen first here; unset: no profile is observed. */
  pii?: CandidatePiiProtection;
  clock: () => Date;
}

/**
 * Reads the application's stage from SR and appends one `ApplicationStageObserved` (source
 * `webhook`) for the delivery's `event-id`, preceded at the first sight of the candidate by their
 * `CandidateObserved` (invite-dispatcher needs the email). Idempotent per event-id: a delivery
 * already observed costs no SR call, and the append finds the id again for a copy racing this one.
 * `causationId` is what led here: the delivery itself, or its deferral. SR's failures come as
 * `SrReadFailedError` (with SR's error as the cause), the store's as they are.
 */
export async function observeWebhookDelivery(
  deps: ObserveDeliveryDeps,
  tenant: string,
  { candidateId, jobId, eventId }: ApplicationDelivery,
  { signal, causationId = eventId }: { signal?: AbortSignal; causationId?: string } = {},
): Promise<'observed' | 'already observed'> {
  const writer = new ObservationWriter(deps.store, tenant, deps.pii);
  // A redelivery costs no SR call (10 a second per grant, shared with the polls).
  if (await writer.hasWebhookObservation(candidateId, jobId, eventId)) return 'already observed';
  const client = await fromSr(() => deps.clientFor(tenant));
  const call = signal ? { signal } : {};
  const stage = latestStage(await fromSr(() => client.candidates.statusHistory(candidateId, jobId, call)));
  // SR named an application it then shows no stage of: its fault, and a later read may see it.
  if (!stage) throw new SrReadFailedError(new UpstreamError(`SR status history of candidate ${candidateId} on job ${jobId} has no stage`, 502));
  const metadata = { tenantId: tenant, correlationId: eventId, causationId, observedAt: deps.clock().toISOString() };
  // The profile first: the stage observation may trigger an invite at once, which needs the email.
  if (deps.pii && !(await writer.hasCandidateProfile(candidateId))) {
    const candidate = await fromSr(() => client.candidates.get(candidateId, call));
    await writer.observeCandidate(candidateSummaryOf({ ...candidate, id: candidateId }, stage.changedOn), metadata);
  }
  await writer.observeApplicationStage({ candidateId, jobId, to: stage.to, changedOn: stage.changedOn, source: 'webhook', webhookEventId: eventId }, metadata);
  return 'observed';
}
