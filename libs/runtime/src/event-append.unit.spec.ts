import { createEvent, streams } from '@srw/contracts';
import { ValidationError } from '@srw/errors';
import { SqliteEventStore } from '@srw/event-store/embedded';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvents } from './event-append';

const metadata = (tenantId: string) => ({ tenantId, correlationId: 'c', causationId: 'c', observedAt: '2026-11-27T10:00:00.000Z' });

const store = await SqliteEventStore.open();

describe('appendEvents', () => {
  afterAll(() => store.close());

  it('stores what the schema knows, not stray fields', async () => {
    const event = createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, metadata('t1'));
    const withStray = { ...event, data: { ...event.data, candidateEmail: 'someone@example.com' } };
    await appendEvents(store, streams.integration('t1'), [{ event: withStray }]);
    const [stored] = await store.readStream(streams.integration('t1'));
    expect(stored!.data).toEqual({ kind: 'full', requestedBy: 'admin' });
  });

  it('refuses an event of another category, naming the type', async () => {
    const event = createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, metadata('t1'));
    await expect(appendEvents(store, streams.invite('t1', 'iv', 'c'), [{ event }])).rejects.toThrow(/type: is not an event of the invite category/);
  });

  it('refuses an event whose tenant is not the stream’s', async () => {
    const event = createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, metadata('t2'));
    const attempt = appendEvents(store, streams.integration('t1'), [{ event }]);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(/metadata\.tenantId/);
  });

  it('refuses malformed data, naming the field', async () => {
    const event = createEvent('SyncRequested', { kind: 'full', requestedBy: 'admin' }, metadata('t1'));
    await expect(appendEvents(store, streams.integration('t1'), [{ event: { ...event, data: { kind: 'often' } } as never }])).rejects.toThrow(
      /data\.kind/,
    );
  });
});
