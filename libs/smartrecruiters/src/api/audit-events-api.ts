import type { SrCallOptions, SrHttp } from '../http/sr-http';
import { type Page, paginate } from '../paging';
import { type AuditEvent, auditEventsPage } from '../schemas/audit-events';

export interface AuditEventsFilter {
  eventName?: string[];
  entityType?: string[];
  entityId?: string;
  /** Without dates SR returns the last 7 days. */
  eventDateAfter?: string;
  eventDateBefore?: string;
  limit?: number;
}

/** Audit API (`/audit-api/v201910`), e.g. `JOB_APPLICATION_STATE_MODIFIED`. Needs an ADMINISTRATOR grant. */
export class AuditEventsApi {
  constructor(private readonly http: SrHttp) {}

  list(filter: AuditEventsFilter = {}, from?: string, options: SrCallOptions = {}): AsyncGenerator<Page<AuditEvent>, void, undefined> {
    return paginate(async (cursor) => {
      const { data } = await this.http.send({
        api: 'audit',
        method: 'GET',
        path: '/audit-events',
        query: { ...filter, limit: filter.limit ?? 100, nextPageId: cursor },
        schema: auditEventsPage,
        ...options,
      });
      return { items: data.content, cursor, nextCursor: data.nextPageId };
    }, from);
  }
}
