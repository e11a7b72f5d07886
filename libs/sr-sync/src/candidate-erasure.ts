import { streams, type EventByType, type NewMetadata } from '@srw/contracts';
import { candidateDecider } from '@srw/domain';
import { eventIdFor, type EventStore } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';
import type { CandidateKeyStore } from '@srw/vault';

export type CandidateErasureReason = EventByType<'CandidatePiiErased'>['data']['reason'];

export interface CandidateErasure {
  tenantId: string;
  candidateId: string;
  reason: CandidateErasureReason;
  /** SR's audit event id, or the erasure request's id: recorded, and the events' causation. */
  sourceId: string;
}

export interface CandidateErasureDeps {
  store: EventStore;
  keys: CandidateKeyStore;
  clock: () => Date;
}

export interface CandidateErasureResult {
  /** A key was destroyed by this call (false: there was none, or it was shredded before). */
  keyShredded: boolean;
}

/**
 * Erases a candidate's PII everywhere it was appended (crypto-shredding, ARCHITECTURE §4): shreds the
 * candidate's key, then appends the ids-only `CandidatePiiErased` to their stream, from which
 * stage-projector drops the sealed PII of every read model.
 *
 * The shred comes first, so the event never claims an erasure that has not happened; a crash between
 * the two leaves the PII unreadable already, and calling again (both steps are idempotent: the shred
 * leaves a tombstone, the event has one id per stream and the decider erases once) records it. Safe
 * to call any number of times, for any reason, concurrently.
 */
export async function eraseCandidatePii(deps: CandidateErasureDeps, erasure: CandidateErasure): Promise<CandidateErasureResult> {
  const { tenantId, candidateId, reason, sourceId } = erasure;
  const erasedAt = deps.clock();
  const keyShredded = await deps.keys.shred(tenantId, candidateId, erasedAt);
  const stream = streams.srCandidate(tenantId, candidateId);
  const metadata: NewMetadata = { tenantId, correlationId: sourceId, causationId: sourceId, observedAt: erasedAt.toISOString() };
  await handleCommand(
    deps.store,
    stream,
    candidateDecider,
    { type: 'EraseCandidatePii', data: { candidateId, reason, sourceId, erasedAt: erasedAt.toISOString() }, metadata },
    // One erasure per stream: a retry racing the first attempt appends the same id, which the store takes as a repeat.
    { eventId: () => eventIdFor(stream, 'CandidatePiiErased') },
  );
  // Whether this call or a racing one appended the event cannot be told (the store takes the same id
  // at the same revision as a repeat), and need not be: the stream records the erasure once.
  return { keyShredded };
}
