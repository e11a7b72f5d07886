import type { SrHttp } from '../http/sr-http';
import { type Page, paginate } from '../paging';
import { type SrUser, user, usersPage } from '../schemas/users';

const offsetCursor = 'offset:';

/**
 * Users API (`/user-api/v201804`). The spec pages it by `offset`, the docs by `nextPageId`: a cursor
 * is SR's page id when one was given, else `offset:<n>`: the client follows whichever SR uses.
 */
export class UsersApi {
  constructor(private readonly http: SrHttp) {}

  list(filter: { updatedAfter?: string; limit?: number } = {}, from?: string): AsyncGenerator<Page<SrUser>, void, undefined> {
    return paginate(async (cursor) => {
      const limit = filter.limit ?? 100;
      const byOffset = cursor?.startsWith(offsetCursor);
      const offset = byOffset ? Number((cursor as string).slice(offsetCursor.length)) : undefined;
      const { data } = await this.http.send({
        api: 'users',
        method: 'GET',
        path: '/users',
        query: { updatedAfter: filter.updatedAfter, limit, offset, pageId: byOffset ? undefined : cursor },
        schema: usersPage,
      });
      const reached = (offset ?? 0) + data.content.length;
      // Offsets only continue an offset walk: after a page id, its absence means the last page.
      const byPageId = cursor !== undefined && !byOffset;
      // Without totalFound (optional in the spec), a full page may have a successor.
      const more =
        !byPageId && data.content.length > 0 && (data.totalFound !== undefined ? reached < data.totalFound : data.content.length >= limit);
      const nextCursor = data.nextPageId ?? (more ? `${offsetCursor}${reached}` : undefined);
      return { items: data.content, cursor, nextCursor, totalFound: data.totalFound };
    }, from);
  }

  async get(userId: string): Promise<SrUser & { id: string }> {
    const { data } = await this.http.send({ api: 'users', method: 'GET', path: `/users/${encodeURIComponent(userId)}`, route: '/users/{userId}', schema: user });
    // `id` is optional in the spec: the one we asked for stands in.
    return { ...data, id: data.id ?? userId };
  }

  /** The user who granted access (their role decides what the grant may see). */
  async me(): Promise<SrUser> {
    return (await this.http.send({ api: 'users', method: 'GET', path: '/users/me', schema: user })).data;
  }
}
