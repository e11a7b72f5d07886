import { createEvent, streams, type DomainEvent, type NewMetadata, type Stage } from '@srw/contracts';
import { ConcurrencyError } from '@srw/errors';
import { CandidateShreddedError, type CandidateKeyStore, type PiiCipher } from '@srw/vault';
import { eventIdFor, type EventStore, type RecordedEvent } from '@srw/event-store';
import { appendEvents } from '@srw/runtime';
import { contentHash } from './content-hash';
import { candidateProfile, sameStage, type JobSnapshot, type JobStage } from './sr-mapping';
import type { CandidateSummary } from '@srw/smartrecruiters';

/**
 * Appends observations only when they differ from the last one of their type in their stream, at
 * the revision read, with ids derived from the stream and the content: a repeated sync appends
 * nothing, and a retried append whose first attempt did land is recognised by the store.
 */
export class ObservationWriter {
  constructor(
    private readonly store: EventStore,
    private readonly tenantId: string,
    /** Needed by `observeCandidate` only: a writer without it (webhook intake) observes no PII, never PII in clear. */
    private readonly pii?: CandidatePiiProtection,
    /** The run's: once aborted, nothing more is appended (the rest of a page is left to the resume, which repeats it). */
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * `JobObserved` and `JobStagesObserved` of one job, in one append; returns how many were appended.
   * `stages.known` is the stage list to observe; `stages.ifMissing` is asked only when the job has no
   * stages yet (an incremental sync reads hiring processes only for jobs it has never seen).
   */
  async observeJob(
    jobId: string,
    snapshot: JobSnapshot,
    stages: { known: readonly JobStage[] } | { ifMissing: () => Promise<readonly JobStage[]> },
    metadata: NewMetadata,
  ): Promise<number> {
    const stream = streams.srJob(this.tenantId, jobId);
    const jobHash = contentHash(snapshot);
    return this.appendChanged(stream, ['JobObserved', 'JobStagesObserved'], async (last, after) => {
      const events: { event: DomainEvent; id: string }[] = [];
      if (hashOf(last.get('JobObserved')) !== jobHash) {
        events.push({ event: createEvent('JobObserved', { jobId, snapshot, contentHash: jobHash }, metadata), id: idFor(stream, jobHash, after) });
      }
      const lastStages = last.get('JobStagesObserved');
      const list = 'known' in stages ? stages.known : lastStages ? undefined : await stages.ifMissing();
      const stagesHash = list === undefined ? undefined : stagesHashOf(list);
      if (list !== undefined && stagesHash !== undefined && hashOf(lastStages) !== stagesHash) {
        const event = createEvent('JobStagesObserved', { jobId, stages: [...list], contentHash: stagesHash }, metadata);
        events.push({ event, id: idFor(stream, stagesHash, after + events.length) });
      }
      return events;
    });
  }

  /** The stage an application was last observed in, if it ever was (the poll asks SR when a move it finds happened only then). */
  async lastApplicationStage(candidateId: string, jobId: string): Promise<Stage | undefined> {
    const { last } = await this.readTail(streams.srApplication(this.tenantId, candidateId, jobId), ['ApplicationStageObserved'], 1);
    return (last.get('ApplicationStageObserved')?.data as { to: Stage } | undefined)?.to;
  }

  /** The stages last observed for a job, if any (a resumed run takes them from there instead of asking SR). */
  async lastStagesOf(jobId: string): Promise<JobStage[] | undefined> {
    const { last } = await this.readTail(streams.srJob(this.tenantId, jobId), ['JobObserved', 'JobStagesObserved'], 2);
    return (last.get('JobStagesObserved')?.data as { stages: JobStage[] } | undefined)?.stages;
  }

  /**
   * `CandidateObserved` when the profile changed, its PII encrypted under the candidate's own key
   * (crypto-shredding: deleting the key erases the candidate from every copy of the event). The
   * content hash is keyed by that key too, so "unchanged" is still detected without a hash anyone
   * could test a guessed name or email against. A shredded or erased candidate is not observed again: 0.
   */
  async observeCandidate(candidate: CandidateSummary, metadata: NewMetadata): Promise<number> {
    const stream = streams.srCandidate(this.tenantId, candidate.id);
    const context = { tenant: this.tenantId, candidateId: candidate.id };
    const pii = this.pii;
    if (!pii) throw new TypeError('ObservationWriter.observeCandidate needs the candidate PII protection (key store and cipher)');
    let key;
    try {
      key = await pii.keys.keyFor(this.tenantId, candidate.id);
    } catch (error) {
      if (error instanceof CandidateShreddedError) return 0;
      throw error;
    }
    const profile = candidateProfile(candidate);
    const hash = pii.cipher.contentHash(profile, key, context);
    const updatedOn = new Date(candidate.updatedOn ?? candidate.createdOn).toISOString();
    return this.appendChanged(stream, ['CandidateObserved', 'CandidatePiiErased'], (last, after) => {
      // Erased while we held the key (the shred raced this read): nothing may follow the erasure.
      if (last.has('CandidatePiiErased') || hashOf(last.get('CandidateObserved')) === hash) return [];
      const sealed = pii.cipher.encrypt(profile, key, context);
      const event = createEvent('CandidateObserved', { candidateId: candidate.id, pii: sealed, updatedOn, contentHash: hash }, metadata);
      return [{ event, id: idFor(stream, hash, after) }];
    });
  }

  /**
   * `ApplicationStageObserved`. A poll only knows where the application is now: it appends when that
   * differs from the last stage observed; so does a `history` observation (the poll's, dated by SR's
   * status history). An audit event is a move SR recorded: it appends unless that
   * very move (its audit id) is already in the stream, even when the stream's last stage is the same
   * (a move in and back out between two polls is what the audit feed is for). A webhook delivery is
   * recorded once per SR `event-id`, whatever stage the re-read found: its id comes from the event-id
   * alone, because a retry of a delivery we did record may re-read a later stage.
   */
  async observeApplicationStage(
    observation: { candidateId: string; jobId: string; to: Stage; from?: Stage | null; changedOn: string } & (
      | { source: 'poll' | 'history' }
      | { source: 'audit'; auditEventId: string }
      | { source: 'webhook'; webhookEventId: string }
    ),
    metadata: NewMetadata,
  ): Promise<number> {
    const { candidateId, jobId, to, changedOn, source } = observation;
    const stream = streams.srApplication(this.tenantId, candidateId, jobId);
    const sourceId = observation.source === 'audit' ? observation.auditEventId : observation.source === 'history' ? 'history' : 'poll';
    const readsCurrentStage = observation.source === 'poll' || observation.source === 'history';
    return this.appendChanged(
      stream,
      ['ApplicationStageObserved'],
      (last, _after, tail) => {
        const previous = last.get('ApplicationStageObserved')?.data as { to: Stage } | undefined;
        const id =
          observation.source === 'webhook'
            ? webhookObservationId(stream, observation.webhookEventId)
            : eventIdFor(stream, sourceId, changedOn, to.status, to.subStatus ?? '');
        if (readsCurrentStage && sameStage(previous?.to, to)) return [];
        if (!readsCurrentStage && tail.some((event) => event.id === id)) return [];
        // The audit feed reports again each move a webhook already brought (same stage, same time):
        // one observation of a move is enough, and every one costs each read model a write.
        if (observation.source === 'audit' && tail.some((event) => isSameMove(event, to, changedOn))) return [];
        const from = observation.from !== undefined ? observation.from : (previous?.to ?? null);
        const event = createEvent('ApplicationStageObserved', { candidateId, jobId, from, to, changedOn, source }, metadata);
        return [{ event, id }];
      },
      // An audit move or a webhook delivery is recognised by its id among the stream's recent events;
      // applications move a handful of times, so a short tail holds every move the feed could deliver
      // again, and every delivery SR retries (for up to 24 h).
      readsCurrentStage ? 1 : webhookTail,
    );
  }

  /**
   * Whether the observation of this SR webhook delivery (its `event-id`) is already in the stream's
   * recent tail, as `observeApplicationStage` would find it: lets a redelivery be acknowledged without
   * spending an SR call on re-reading the application.
   */
  async hasWebhookObservation(candidateId: string, jobId: string, webhookEventId: string): Promise<boolean> {
    const stream = streams.srApplication(this.tenantId, candidateId, jobId);
    const { tail } = await this.readTail(stream, ['ApplicationStageObserved'], webhookTail);
    const id = webhookObservationId(stream, webhookEventId);
    return tail.some((event) => event.id === id);
  }

  /**
   * Records a delivery acknowledged before its stage was read (`ApplicationWebhookDeferred`), once
   * per SR `event-id`: nothing when the delivery is already observed or already deferred (a retry or
   * a copy of it). sr-poller's deferral consumer then observes it.
   */
  async deferWebhookDelivery(candidateId: string, jobId: string, webhookEventId: string, reason: 'deadline' | 'failed', metadata: NewMetadata): Promise<number> {
    const stream = streams.srApplication(this.tenantId, candidateId, jobId);
    const known = new Set([webhookObservationId(stream, webhookEventId), webhookDeferralId(stream, webhookEventId)]);
    return this.appendChanged(
      stream,
      ['ApplicationStageObserved'],
      (_last, _after, tail) =>
        tail.some((event) => known.has(event.id))
          ? []
          : [{ event: createEvent('ApplicationWebhookDeferred', { candidateId, jobId, webhookEventId, reason }, metadata), id: webhookDeferralId(stream, webhookEventId) }],
      webhookTail,
    );
  }

  /**
   * Whether the candidate's profile was ever observed (or erased since): a webhook's first sight of a
   * candidate reads the profile from SR once, later deliveries and re-reads of the same candidate none.
   */
  async hasCandidateProfile(candidateId: string): Promise<boolean> {
    const [last] = await this.store.readStream(streams.srCandidate(this.tenantId, candidateId), { direction: 'backwards', maxCount: 1 });
    return last !== undefined;
  }

  /**
   * Reads the stream's tail backwards until the last event of each of `types` is found (or the start),
   * lets `decide` say what to append, and appends at the revision read. Another writer in between
   * (a webhook intake on the same application) makes it read and decide again.
   */
  private async appendChanged(
    stream: string,
    types: readonly string[],
    decide: (
      last: Map<string, RecordedEvent>,
      after: number,
      tail: RecordedEvent[],
    ) => { event: DomainEvent; id: string }[] | Promise<{ event: DomainEvent; id: string }[]>,
    minTail = 1,
  ): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      this.signal?.throwIfAborted();
      const { last, revision, tail } = await this.readTail(stream, types, minTail);
      const events = await decide(last, revision ?? -1, tail);
      if (events.length === 0) return 0;
      this.signal?.throwIfAborted();
      try {
        await appendEvents(this.store, stream, events, { expectedRevision: revision ?? 'no_stream' });
        return events.length;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= 3) throw error;
      }
    }
  }

  private async readTail(stream: string, types: readonly string[], minTail: number) {
    const last = new Map<string, RecordedEvent>();
    const tail: RecordedEvent[] = [];
    let revision: number | undefined;
    // One event answers a single-type stream; a job stream holds two types, usually side by side.
    let batch = Math.max(minTail, types.length);
    let from: number | undefined;
    for (;;) {
      const events = await this.store.readStream(stream, { direction: 'backwards', maxCount: batch, ...(from === undefined ? {} : { fromRevision: from }) });
      if (revision === undefined) revision = events[0]?.revision;
      for (const event of events) {
        tail.push(event);
        if (types.includes(event.type) && !last.has(event.type)) last.set(event.type, event);
      }
      const oldest = events.at(-1)?.revision;
      if (last.size === types.length || events.length < batch || oldest === undefined || oldest === 0) break;
      from = oldest - 1;
      batch = Math.min(batch * 4, 256);
    }
    return { last, revision, tail };
  }
}

/** A sync observes one stage list for every job of a page (and run): its hash is computed once per list. */
const stageListHashes = new WeakMap<readonly JobStage[], string>();
function stagesHashOf(list: readonly JobStage[]): string {
  let hash = stageListHashes.get(list);
  if (hash === undefined) stageListHashes.set(list, (hash = contentHash(list)));
  return hash;
}

/** What encrypts candidate PII: the per-candidate key store and the cipher (both from `@srw/vault`). */
export interface CandidatePiiProtection {
  keys: CandidateKeyStore;
  cipher: PiiCipher;
}

/** Whether `event` observed the move into `to` at `changedOn` (whatever its source). */
function isSameMove(event: RecordedEvent, to: Stage, changedOn: string): boolean {
  if (event.type !== 'ApplicationStageObserved') return false;
  const observed = event.data as { to: Stage; changedOn: string };
  return sameStage(observed.to, to) && Date.parse(observed.changedOn) === Date.parse(changedOn);
}

/** How many recent events of an application stream are searched for an audit move's or a delivery's id. */
const webhookTail = 32;

const webhookObservationId = (stream: string, webhookEventId: string): string => eventIdFor(stream, 'webhook', webhookEventId);
const webhookDeferralId = (stream: string, webhookEventId: string): string => eventIdFor(stream, 'webhook-deferred', webhookEventId);

const hashOf = (event: RecordedEvent | undefined): string | undefined => (event?.data as { contentHash?: string } | undefined)?.contentHash;

/**
 * The stream, the content and the revision it follows: content can return to an earlier value
 * (A → B → A), and the second A must not carry the first one's id.
 */
const idFor = (stream: string, hash: string, after: number): string => eventIdFor(stream, hash, String(after));
