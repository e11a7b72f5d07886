/**
 * Every scope SR names (API-NOTES "Scope names": the spec's security scheme and the access-scopes
 * docs), plus the docs' spelling of the status-history scope and the changelog's Apply API scope.
 * A scope outside this list is refused on the authorize page, as RFC 6749 §4.1.2.1 `invalid_scope`.
 */
export const srScopes: ReadonlySet<string> = new Set([
  'candidates_read',
  'candidates_create',
  'candidates_manage',
  'candidate_status_read',
  'candidates_status_read',
  'candidates_offers_read',
  'candidate_applications_manage',
  'configuration_read',
  'configuration_manage',
  'company_read',
  'jobs_read',
  'jobs_manage',
  'jobs_publications_manage',
  'job_applications_read',
  'users_read',
  'users_manage',
  'user_me_read',
  'messages_read',
  'messages_write',
  'messages_manage',
  'webhooks_read',
  'webhooks_write',
  'webhooks_delete',
  'webhooks_manage',
  'audit_events_read',
  'approvals_read',
  'approvals_create',
  'approvals_decide',
  'assessment_orders_read',
  'interviews_read',
  'interviews_write',
  'interview_types_read',
  'interview_types_write',
  'reporting_read',
  'reporting_write',
  'reviews_read',
  'reviews_write',
]);

export const unknownScopes = (scopes: readonly string[]): string[] => scopes.filter((s) => !srScopes.has(s));
