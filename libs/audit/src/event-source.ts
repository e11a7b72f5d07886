import type { EventType } from '@srw/contracts';

/**
 * The service that appends each event type (ARCHITECTURE.md §2 and the apps' handlers). A `Record`
 * over every type, so a new event type does not compile until the trail can say who wrote it.
 */
const writerOf: Record<EventType, string> = {
  IntegrationEnableRequested: 'config-api',
  IntegrationConnected: 'connector-auth',
  AccessTokenRefreshed: 'connector-auth',
  AuthorizationLost: 'connector-auth',
  IntegrationDisconnected: 'connector-auth',
  PlanChanged: 'config-api',
  SyncRequested: 'config-api',
  SyncRunStarted: 'sr-poller',
  SyncCheckpointReached: 'sr-poller',
  SyncRunCompleted: 'sr-poller',
  SyncRunFailed: 'sr-poller',
  JobObserved: 'sr-poller',
  JobStagesObserved: 'sr-poller',
  ApplicationStageObserved: 'sr-poller',
  ApplicationWebhookDeferred: 'sr-poller',
  CandidateObserved: 'sr-poller',
  CandidatePiiErased: 'sr-poller',
  InterviewJobsConnected: 'config-api',
  InterviewJobDisconnected: 'config-api',
  InviteRequested: 'stage-projector',
  InviteSent: 'invite-dispatcher',
  InviteFailed: 'invite-dispatcher',
  InviteAbandoned: 'invite-dispatcher',
  InviteRetryRequested: 'config-api',
  NoteRetryRequested: 'config-api',
  ResponseReceived: 'response-writeback',
  NoteWritten: 'response-writeback',
  NoteWriteFailed: 'response-writeback',
};

const actorFields = ['requestedBy', 'connectedBy', 'disconnectedBy', 'appliedBy'] as const;

/**
 * Where an event came from, for an analyst: the service that appended it, the channel it was seen
 * on (`webhook`, `audit`, `history`, `poll` for observations and responses) and the person who asked
 * (`by admin`), e.g. `sr-poller via webhook` or `config-api by admin`. Unknown types (history
 * written by a newer version) name no writer.
 */
export function sourceOf(type: string, data: unknown): string {
  const writer = (writerOf as Record<string, string | undefined>)[type] ?? 'unknown writer';
  const fields = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  const parts = [writer];
  if (typeof fields['source'] === 'string') parts.push(`via ${fields['source']}`);
  for (const field of actorFields) {
    if (typeof fields[field] === 'string') parts.push(`by ${fields[field]}`);
  }
  return parts.join(' ');
}
