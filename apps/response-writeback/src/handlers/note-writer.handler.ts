import { parseStreamName, type EventMessage } from '@srw/contracts';
import { DomainRuleViolation, inviteDecider, noteMarker, noteNeedsWriting, noteText, noteTime, type InviteCommand } from '@srw/domain';
import { AuthorizationLostError, ForbiddenError, isRetryable, NotFoundError, WorkStoppedError } from '@srw/errors';
import { eventIdFor } from '@srw/event-store';
import { handleCommand } from '@srw/runtime';
import { readInvite } from '../invite-state';
import type { Clock, ResponseWritebackPorts } from '../ports';

export interface NoteSettings {
  /** Attempts (each a check of the candidate's messages, then a post) before the note is given up. */
  maxAttempts: number;
}

/** Test seam: runs after SR accepted the note and before `NoteWritten` is appended (a crash there is what the check guards). */
export type AfterPost = (stream: string) => Promise<void>;

type FailureReason = Extract<InviteCommand, { type: 'RecordNoteWriteFailed' }>['data']['reason'];

/** Why SR failed, as `NoteWriteFailed` names it. */
function failureReasonOf(error: unknown): FailureReason {
  if (error instanceof AuthorizationLostError) return 'authorization_lost';
  return isRetryable(error) ? 'sr_unavailable' : 'sr_rejected';
}

/**
 * Writes the one note of an answered invite on the SR candidate: `POST /messages/shares` tagged
 * `#[CANDIDATE:<id>]`, shared with the job's hiring team, with the interview's name, the completion
 * time and the review link from the tenant's template, and the invite's marker on its last line.
 *
 * Exactly once: the stream says whether the note is written (`NoteWritten`, appended once, id derived
 * from the stream); and because a crash can fall between SR's answer and that append, every attempt
 * first reads the candidate's messages for the marker (one `GET /messages`), and records the note found
 * there instead of posting again. One consumer holds an invite stream at a time (Kafka key
 * tenant:candidate), so no two attempts race. If the grant may not read messages (403: the SR user is
 * no ADMINISTRATOR), the check is skipped with a warning and a crash in that window could repeat the note.
 *
 * Failures: a transient one (SR 5xx, a timeout, 429 beyond the client's own retries) is recorded as
 * `NoteWriteFailed` (retryable) and rethrown for the bus to redeliver with backoff; at `maxAttempts`,
 * or for a permanent one (SR's 4xx, a lost grant, a template that cannot be filled), it is recorded as
 * not retryable and `WorkStoppedError` (`NOTE_STOPPED`) sends the message to `invite.events.v1.dlq` with the reason.
 * A stopped note is written only after an admin's `NoteRetryRequested` (config-api), handled like a
 * response: checked against the candidate's messages first, with a fresh budget of attempts.
 */
export async function writeNote(
  ports: Pick<ResponseWritebackPorts, 'eventStore' | 'srNotesFor' | 'willoFor' | 'noteTemplateFor' | 'logger'>,
  clock: Clock,
  settings: NoteSettings,
  message: EventMessage,
  interviewNames: InterviewNames,
  afterPost?: AfterPost,
): Promise<void> {
  if (message.type !== 'ResponseReceived' && message.type !== 'NoteRetryRequested') return;
  const { eventStore, logger } = ports;
  const stream = message.stream;
  const [tenantId, interviewId, candidateId] = parseStreamName(stream).parts as [string, string, string];
  const { state } = await readInvite(eventStore, stream);
  if (!noteNeedsWriting(state) || !state.response) {
    logger?.debug('note needs no writing', { stream, note: state.note });
    return;
  }
  const response = state.response;
  const attempt = state.noteAttempts + 1;
  const metadata = { tenantId, correlationId: message.metadata.correlationId, causationId: message.id, observedAt: new Date(clock.now()).toISOString() };
  const record = (command: InviteCommand) =>
    handleCommand(eventStore, stream, inviteDecider, command, {
      // NoteWritten once per stream; each failed attempt once.
      eventId: (_command, event, index) => (event.type === 'NoteWritten' ? eventIdFor(stream, event.type) : eventIdFor(stream, event.type, String(attempt), String(index))),
    });

  const sr = ports.srNotesFor(tenantId);
  const marker = noteMarker(stream);
  // Before the SR calls: a Willo failure is no SR failure to record; the bus redelivers.
  const interviewName = await interviewNames.of(tenantId, interviewId);
  let srMessageId: string | null;
  let recovered: boolean;
  try {
    const existing = await sr.findNote(candidateId, marker).catch((error: unknown) => {
      if (!(error instanceof ForbiddenError)) throw error;
      logger?.warn('SR messages cannot be read with this grant: posting without the check', { stream });
      return undefined;
    });
    if (existing) {
      srMessageId = null;
      recovered = true;
    } else {
      const content = noteText({
        inviteStream: stream,
        candidateId,
        template: ports.noteTemplateFor(tenantId),
        values: {
          interviewName,
          interviewId,
          completedAt: noteTime(response.completedAt),
          reviewUrl: response.reviewUrl,
        },
      });
      const created = await sr.postNote({ candidateId, content, ...(state.request?.jobId ? { hiringTeamOf: [state.request.jobId] } : {}) });
      srMessageId = created.id;
      recovered = false;
    }
  } catch (error) {
    // After an admin's retry the budget counts from the attempts made before it.
    const retryable = isRetryable(error) && !(error instanceof DomainRuleViolation) && attempt - state.noteAttemptsAtRetry < settings.maxAttempts;
    const reason = failureReasonOf(error);
    const failure = error instanceof Error ? error.message : String(error);
    await record({ type: 'RecordNoteWriteFailed', data: { reason, message: failure, attempt, retryable }, metadata });
    logger?.warn('note not written', { stream, reason, attempt, retryable });
    if (retryable) throw error;
    throw new WorkStoppedError('note', stream, `${reason} at attempt ${attempt}: ${failure}`, { cause: error });
  }
  // Outside the try: a crash here is no SR failure; the next attempt finds the note by its marker.
  if (!recovered) await afterPost?.(stream);
  await record({ type: 'RecordNoteWritten', data: { srMessageId, writtenAt: new Date(clock.now()).toISOString(), recoveredFromExisting: recovered }, metadata });
  logger?.info('note written', { stream, attempt, recoveredFromExisting: recovered });
}

/**
 * Interview names from Willo, remembered per process (an interview's title rarely changes, and each
 * note would otherwise cost a call). An interview Willo no longer has is named by its key.
 */
export class InterviewNames {
  private readonly names = new Map<string, string>();
  constructor(private readonly ports: Pick<ResponseWritebackPorts, 'willoFor'>) {}

  async of(tenantId: string, interviewId: string): Promise<string> {
    const key = `${tenantId}\u0000${interviewId}`;
    const known = this.names.get(key);
    if (known !== undefined) return known;
    let name: string;
    try {
      name = (await (await this.ports.willoFor(tenantId)).interviews.get(interviewId)).title ?? `Willo interview ${interviewId}`;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      name = `Willo interview ${interviewId}`;
    }
    this.names.set(key, name);
    return name;
  }
}
