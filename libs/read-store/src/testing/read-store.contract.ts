import { randomUUID } from 'node:crypto';
import { ValidationError } from '@srw/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadCollection, ReadStore } from '../read-store.port';

export interface ReadStoreHarness {
  open(): Promise<ReadStore>;
  cleanup?(): Promise<void>;
}

interface Job {
  title: string;
  status: string;
  updatedOn: string;
  open: boolean;
  rank: number;
}

const job = (n: number, overrides: Partial<Job> = {}): Job => ({
  title: `Job ${n}`,
  status: n % 3 === 0 ? 'CLOSED' : 'OPEN',
  // Pairs share a timestamp, so paging must break ties by id.
  updatedOn: new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 2) * 60_000).toISOString(),
  open: n % 3 !== 0,
  rank: n,
  ...overrides,
});

/** The one contract every read-store adapter passes. */
export function readStoreContract(adapter: string, harness: () => ReadStoreHarness): void {
  describe(`read store contract: ${adapter}`, () => {
    const h = harness();
    let store: ReadStore;
    let jobs: ReadCollection<Job>;
    const run = randomUUID().slice(0, 8);

    beforeAll(async () => {
      store = await h.open();
      jobs = await store.collection<Job>({
        name: `jobs_${run}`,
        indexes: [{ fields: ['status', 'updatedOn'] }, { fields: ['open'] }, { fields: ['rank'] }],
      });
    });
    afterAll(async () => {
      await store?.close();
      await h.cleanup?.();
    });

    describe('position-guarded upsert', () => {
      it('applies a newer position and ignores an older or repeated one', async () => {
        expect(await jobs.upsert('t1', 'j1', job(1, { title: 'v5' }), 5)).toBe(true);
        expect(await jobs.upsert('t1', 'j1', job(1, { title: 'v3' }), 3)).toBe(false);
        expect(await jobs.upsert('t1', 'j1', job(1, { title: 'v5 again' }), 5)).toBe(false);
        expect(await jobs.get('t1', 'j1')).toEqual({ tenantId: 't1', id: 'j1', position: 5, data: job(1, { title: 'v5' }) });
        expect(await jobs.upsert('t1', 'j1', job(1, { title: 'v9' }), 9)).toBe(true);
        expect((await jobs.get('t1', 'j1'))?.data.title).toBe('v9');
      });

      it('reads a missing document as undefined', async () => {
        expect(await jobs.get('t1', 'nope')).toBeUndefined();
      });
    });

    describe('delete', () => {
      it('leaves a tombstone that an older redelivered upsert cannot pass', async () => {
        await jobs.upsert('t1', 'd1', job(2), 10);
        expect(await jobs.delete('t1', 'd1', 8)).toBe(false);
        expect(await jobs.get('t1', 'd1')).toMatchObject({ position: 10, data: job(2) });
        expect(await jobs.delete('t1', 'd1', 11)).toBe(true);
        expect(await jobs.get('t1', 'd1')).toBeUndefined();
        expect(await jobs.upsert('t1', 'd1', job(2), 10)).toBe(false);
        expect(await jobs.get('t1', 'd1')).toBeUndefined();
        expect(await jobs.upsert('t1', 'd1', job(2, { title: 'back' }), 12)).toBe(true);
        expect((await jobs.get('t1', 'd1'))?.data.title).toBe('back');
      });
    });

    describe('find', () => {
      const tenant = 'pager';
      beforeAll(async () => {
        for (let n = 0; n < 25; n++) await jobs.upsert(tenant, `job-${String(n).padStart(2, '0')}`, job(n), 100 + n);
        await jobs.delete(tenant, 'job-24', 200);
      });

      it('pages through every match by an indexed field, newest first, ties broken by id', async () => {
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await jobs.find(tenant, {
            where: { status: 'OPEN' },
            sort: { field: 'updatedOn', direction: 'desc' },
            limit: 4,
            ...(cursor ? { cursor } : {}),
          });
          expect(page.items.length).toBeLessThanOrEqual(4);
          seen.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
          pages++;
        } while (cursor);
        const expected = Array.from({ length: 24 }, (_, n) => n)
          .filter((n) => n % 3 !== 0)
          .sort((a, b) => Math.floor(b / 2) - Math.floor(a / 2) || b - a)
          .map((n) => `job-${String(n).padStart(2, '0')}`);
        expect(seen).toEqual(expected);
        expect(pages).toBe(Math.ceil(expected.length / 4));
      });

      it('sorts ascending by a number and filters by a boolean', async () => {
        const page = await jobs.find(tenant, { where: { open: false }, sort: { field: 'rank', direction: 'asc' }, limit: 100 });
        expect(page.items.map((d) => d.data.rank)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
        expect(page.nextCursor).toBeUndefined();
      });

      it('defaults to id order', async () => {
        const page = await jobs.find(tenant, { limit: 3 });
        expect(page.items.map((d) => d.id)).toEqual(['job-00', 'job-01', 'job-02']);
        const next = await jobs.find(tenant, { limit: 3, cursor: page.nextCursor! });
        expect(next.items.map((d) => d.id)).toEqual(['job-03', 'job-04', 'job-05']);
      });

      it('rejects unindexed fields, bad limits and foreign cursors, naming them', async () => {
        await expect(jobs.find(tenant, { where: { title: 'Job 1' } })).rejects.toBeInstanceOf(ValidationError);
        await expect(jobs.find(tenant, { where: { title: 'Job 1' } })).rejects.toThrow(/where\.title/);
        await expect(jobs.find(tenant, { sort: { field: 'title', direction: 'asc' } })).rejects.toThrow(/sort\.field/);
        await expect(jobs.find(tenant, { limit: 0 })).rejects.toThrow(/limit/);
        await expect(jobs.find(tenant, { cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
      });
    });

    describe('null and missing sort values', () => {
      const tenant = 'nulls';
      beforeAll(async () => {
        const ranks: Record<string, number | null | undefined> = { n0: 3, n1: null, n2: undefined, n3: 1, n4: null, n5: 2 };
        for (const [id, rank] of Object.entries(ranks)) {
          const data: Partial<Job> = { ...job(0), rank: rank as number };
          if (rank === undefined) delete data.rank;
          await jobs.upsert(tenant, id, data as Job, 1);
        }
      });

      const pageThrough = async (direction: 'asc' | 'desc') => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await jobs.find(tenant, { sort: { field: 'rank', direction }, limit: 2, ...(cursor ? { cursor } : {}) });
          ids.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
        } while (cursor);
        return ids;
      };

      it('pages through every document, nulls first ascending and last descending', async () => {
        expect(await pageThrough('asc')).toEqual(['n1', 'n2', 'n4', 'n3', 'n5', 'n0']);
        expect(await pageThrough('desc')).toEqual(['n0', 'n5', 'n3', 'n4', 'n2', 'n1']);
      });
    });

    describe('racing first writes', () => {
      it('keeps the newest position when two first upserts of a document race', async () => {
        for (let round = 0; round < 20; round++) {
          const id = `race-${round}`;
          await Promise.all([jobs.upsert('racers', id, job(5), 5), jobs.upsert('racers', id, job(7), 7)]);
          expect((await jobs.get('racers', id))?.position).toBe(7);
        }
      });
    });

    describe('tenant scoping', () => {
      it('never shows or changes one tenant’s documents through another', async () => {
        await jobs.upsert('alpha', 'shared-id', job(1, { title: 'alpha' }), 1);
        await jobs.upsert('beta', 'shared-id', job(1, { title: 'beta' }), 1);
        expect((await jobs.get('alpha', 'shared-id'))?.data.title).toBe('alpha');
        expect((await jobs.get('beta', 'shared-id'))?.data.title).toBe('beta');
        expect(await jobs.delete('beta', 'shared-id', 2)).toBe(true);
        expect((await jobs.get('alpha', 'shared-id'))?.data.title).toBe('alpha');
        const alphaOnly = await jobs.find('alpha', { limit: 500 });
        expect(alphaOnly.items.map((d) => d.id)).toEqual(['shared-id']);
        expect(alphaOnly.items.every((d) => d.tenantId === 'alpha')).toBe(true);
        expect(await jobs.get('gamma', 'shared-id')).toBeUndefined();
        expect((await jobs.find('gamma')).items).toEqual([]);
      });
    });
  });
}
