import { defaultSrSettings, type SrSettings } from './sr-settings';

/**
 * The scopes our features need (API-NOTES §1 table): jobs and stages for the dropdowns, candidates,
 * applications and their history for triggers, one application by its id for the audit feed's moves, users for names, audit events and webhooks for fast
 * stage changes, messages to write the note back and to check for one before retrying.
 */
export function integrationScopes(settings: Pick<SrSettings, 'statusHistoryScope'> = defaultSrSettings): string[] {
  return [
    'jobs_read',
    'candidates_read',
    settings.statusHistoryScope,
    'configuration_read',
    'users_read',
    'user_me_read',
    'audit_events_read',
    'job_applications_read',
    'messages_read',
    'messages_write',
    'webhooks_manage',
  ];
}
