import type { EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import type { ReadStore } from '@srw/read-store';
import type { MessageCreated, MessageView, NoteInput } from '@srw/smartrecruiters';
import type { WilloInterview, WilloParticipant } from '@srw/willo';

/** What response-writeback asks of a tenant's Willo organisation (`WilloClient` has it). */
export interface WilloReader {
  participants: { get(key: string): Promise<WilloParticipant> };
  interviews: { get(key: string): Promise<WilloInterview> };
}

/** The notes side of a tenant's SR client (`SmartRecruitersClient['messages']` has it). */
export interface SrNotes {
  postNote(note: NoteInput): Promise<MessageCreated>;
  findNote(candidateId: string, marker: string, jobId?: string): Promise<MessageView | undefined>;
}

export interface ResponseWritebackPorts {
  eventStore: EventStore;
  /** Holds the `pendingResponses` read model the safety-net poll works through. */
  readStore: ReadStore;
  /** The tenant's own organisation, or the global one; rejects (not retryable) when there is neither. */
  willoFor(tenantId: string): WilloReader | Promise<WilloReader>;
  /** The signing secret of the tenant's `new_response` subscription; undefined: the tenant has none (401). */
  webhookSecretFor(tenantId: string): string | undefined;
  /** Reuse one client per tenant: its rate budget is the tenant's SR credential's. */
  srNotesFor(tenantId: string): SrNotes;
  /** The tenant's note template; undefined: the default one. */
  noteTemplateFor(tenantId: string): string | undefined;
  logger?: Logger | undefined;
}

/** Time comes in: epoch milliseconds. */
export interface Clock {
  now(): number;
}
