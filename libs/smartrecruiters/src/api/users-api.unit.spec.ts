import { describe, expect, it } from 'vitest';
import { stubSrHttp } from '../testing/stub-sr-http';
import { UsersApi } from './users-api';

const users = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `u${from + i}`, firstName: 'A', lastName: 'B', role: 'STANDARD' }));

function api(pages: (query: URLSearchParams) => unknown) {
  const queries: string[] = [];
  const fetch = (async (url: string) => {
    const query = new URL(url).searchParams;
    queries.push(query.toString());
    return new Response(JSON.stringify(pages(query)), { status: 200 });
  }) as unknown as typeof globalThis.fetch;
  const http = stubSrHttp(fetch);
  return { users: new UsersApi(http), queries };
}

const collect = async (pages: AsyncIterable<{ items: { id?: string }[] }>) => {
  const ids: (string | undefined)[] = [];
  for await (const page of pages) ids.push(...page.items.map((u) => u.id));
  return ids;
};

describe('UsersApi paging', () => {
  it('follows nextPageId when SR gives one, and stops on the page without it', async () => {
    const { users: usersApi, queries } = api((q) =>
      q.get('pageId') === null ? { totalFound: 5, content: users(0, 3), nextPageId: 'p2' } : { totalFound: 5, content: users(3, 2) },
    );
    expect(await collect(usersApi.list({ limit: 3 }))).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(queries[1]).toContain('pageId=p2');
  });

  it('falls back to offset paging when SR gives no page ids (as the spec shows)', async () => {
    const { users: usersApi, queries } = api((q) => {
      const offset = Number(q.get('offset') ?? 0);
      return { totalFound: 5, offset, content: users(offset, Math.min(3, 5 - offset)) };
    });
    expect(await collect(usersApi.list({ limit: 3 }))).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(queries[1]).toContain('offset=3');
  });

  it('keeps paging by offset while pages are full when SR gives no totalFound', async () => {
    const { users: usersApi, queries } = api((q) => {
      const offset = Number(q.get('offset') ?? 0);
      return { offset, content: users(offset, Math.min(3, 7 - offset)) };
    });
    expect(await collect(usersApi.list({ limit: 3 }))).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
    expect(queries).toHaveLength(3);
  });
});
