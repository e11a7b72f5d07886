import { topics } from '@srw/contracts';
import type { Companion, ConsumeEventsOptions, SubApp } from '@srw/runtime';
import { InterviewNames, writeNote, type AfterPost } from './handlers/note-writer.handler';
import { applyToPendingResponses, openPendingResponses, type PendingResponses } from './poll/pending-responses';
import { ResponsePoller, type ResponsePollOptions } from './poll/response-poller';
import type { Clock, ResponseWritebackPorts } from './ports';
import { willoWebhooksRoutes } from './routes/willo-webhooks.routes';

export interface ResponseWritebackOptions {
  /** Prefix of the consumer groups `<prefix>.notes` and `<prefix>.pending` (default `response-writeback`). */
  groupIdPrefix?: string;
  /** Attempts per note before it is given up (default 8). */
  noteMaxAttempts?: number;
  /** The bus's first redelivery delay (doubling, capped at 5 s). Default 1000 ms. */
  retryBackoffMs?: number;
  poll?: ResponsePollOptions;
  /** Suffix of the read model's collections (tests sharing one MongoDB). */
  collectionSuffix?: string;
  /** Test seam between SR's answer and `NoteWritten` (see `writeNote`). */
  afterPost?: AfterPost;
}

export interface ResponseWriteback {
  /** `/webhooks/willo`: the intake of Willo's deliveries. */
  routes: Record<string, SubApp>;
  /** The note writer and the pending-responses read model, both on `invite.events.v1`. */
  consumers: ConsumeEventsOptions[];
  /** The safety-net poll's rounds, started and stopped with the service. */
  companion: Companion;
  poller: ResponsePoller;
}

/**
 * response-writeback's behaviour over its ports, without config or process: Willo's `new_response`
 * (webhook, and the poll as safety net) becomes `ResponseReceived`, and each response becomes one note
 * on the SR candidate and `NoteWritten`. apps/all-in-one composes it with its own adapters.
 */
export function createResponseWriteback(ports: ResponseWritebackPorts, clock: Clock, options: ResponseWritebackOptions = {}): ResponseWriteback {
  const prefix = options.groupIdPrefix ?? 'response-writeback';
  const noteMaxAttempts = options.noteMaxAttempts ?? 8;
  // Opened on first use, and again after a failure to open, so a read store that starts late only delays.
  let opening: Promise<PendingResponses> | undefined;
  const pending = () =>
    (opening ??= openPendingResponses(ports.readStore, options.collectionSuffix).catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
  const poller = new ResponsePoller(ports, clock, pending, options.poll);
  const interviewNames = new InterviewNames(ports);
  const deadLetter = (what: string) => (message: { key: string; offset: string }, error: unknown) =>
    ports.logger?.error(`${what} dead-lettered`, { key: message.key, offset: message.offset, error: error instanceof Error ? error.message : String(error) });
  return {
    routes: { '/webhooks/willo': willoWebhooksRoutes({ ...ports, clock }) },
    consumers: [
      {
        groupId: `${prefix}.notes`,
        topics: [topics.invite],
        // One more than the note's attempts: the last delivery records that the note stopped.
        maxAttempts: noteMaxAttempts + 1,
        retryBackoffMs: options.retryBackoffMs ?? 1000,
        handle: (message) => writeNote(ports, clock, { maxAttempts: noteMaxAttempts }, message, interviewNames, options.afterPost),
        onDeadLetter: deadLetter('note message'),
      },
      {
        groupId: `${prefix}.pending`,
        topics: [topics.invite],
        handle: async (message) => applyToPendingResponses(await pending(), message),
        onDeadLetter: deadLetter('pending-responses message'),
      },
    ],
    companion: { name: 'response poll', start: async () => poller.start(), stop: () => poller.stop() },
    poller,
  };
}
