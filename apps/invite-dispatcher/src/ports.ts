import type { EventStore } from '@srw/event-store';
import type { Logger } from '@srw/observability';
import type { InviteOnceRequest, InviteOnceResult } from '@srw/willo';

/** What an invitation needs of the candidate: read from the `srCandidate` stream and unsealed. */
export interface CandidateContact {
  firstName: string;
  lastName: string;
  email: string | null;
}

/** The candidate's contact, or undefined when the candidate was never observed (or was shredded). */
export interface CandidateContacts {
  contactOf(tenantId: string, candidateId: string): Promise<CandidateContact | undefined>;
}

/** The tenant's Willo organisation: `inviteOnce` of its client (lookup before post, keyed by the invite stream). */
export interface WilloInviter {
  inviteOnce(request: InviteOnceRequest): Promise<InviteOnceResult>;
}

/** Time comes in: epoch milliseconds. */
export interface Clock {
  now(): number;
}

export interface InviteDispatcherPorts {
  eventStore: EventStore;
  contacts: CandidateContacts;
  /** The tenant's own organisation, or the global one; rejects (not retryable) when there is neither. */
  willoFor(tenantId: string): WilloInviter | Promise<WilloInviter>;
  logger?: Logger | undefined;
}
