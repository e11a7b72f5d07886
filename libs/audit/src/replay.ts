import { categoryPrefix, type EventMessage } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import { applyEvents, eventMessageOf, projectedCategories, readModelProjections, type ReadModelName, type ReadModelProjection } from '@srw/projections';
import type { ReadCollection, ReadStore } from '@srw/read-store';
import { scanHistory } from './history';

export interface ReplayIntoOptions {
  /** The read models to rebuild; the others are neither read nor written. */
  models: readonly ReadModelName[];
  /** Only events the store recorded at or before this time: the read models as they stood then. */
  asOf?: Date;
  /** Events read and applied per batch. Larger batches write fewer, bigger bulks. */
  pageSize?: number;
  onProgress?(lastRecordedAt: Date, eventsRead: number): void;
}

export interface ReplayIntoResult {
  /** Events read of the projected categories (up to `asOf`). */
  read: number;
  /** Of those, events that fail their schema: the relay never published them, so they are skipped. */
  skipped: number;
  /** Documents written (or deleted) per read model; a document changed by several batches counts once a batch. */
  written: Partial<Record<ReadModelName, number>>;
  /** The tenants whose events were applied, sorted. */
  tenants: string[];
  lastPosition: number | undefined;
}

/**
 * Rebuilds the chosen read models from the event store's history into `target` (meant to be a
 * fresh database), in position order and in batches: per page of events, one `getMany` and one
 * `writeMany` per read model (`applyEvents`), which gives the same documents as event by event
 * (libs/projections' replay spec proves it against a live projection, redeliveries included).
 * Events are validated as the relay validates them (`eventMessageOf`). `target` must be fresh: its
 * secondary indexes are built after the load.
 */
export async function replayInto(store: EventStore, target: ReadStore, { models, asOf, pageSize = 20_000, onProgress }: ReplayIntoOptions): Promise<ReplayIntoResult> {
  // Loaded without their secondary indexes, which are built once over the loaded documents at the
  // end (the collection opened again with its full spec): cheaper than keeping them up to date
  // through every write, as any bulk load does. Lookups by (tenant, id) need none of them.
  const chosen = await Promise.all(
    models.map(async (name) => ({
      name,
      projection: readModelProjections[name] as ReadModelProjection<object>,
      collection: await target.collection<object>({ ...readModelProjections[name].collection, indexes: [] }),
    })),
  );
  const tenants = new Set<string>();
  const written: Partial<Record<ReadModelName, number>> = {};
  let read = 0;
  let skipped = 0;
  let lastPosition: number | undefined;
  const scan = scanHistory(store, { streamPrefixes: projectedCategories.map(categoryPrefix), pageSize, ...(asOf ? { recordedUntil: asOf } : {}) });
  for await (const page of scan) {
    const messages: EventMessage[] = [];
    for (const recorded of page) {
      const message = eventMessageOf(recorded);
      if (!message) {
        skipped++;
        continue;
      }
      messages.push(message);
      tenants.add(message.metadata.tenantId);
    }
    read += page.length;
    lastPosition = page[page.length - 1]!.position;
    // The read models are independent: their bulks go out together.
    await Promise.all(
      chosen.map(async ({ name, projection, collection }) => {
        const count = await applyEvents(collection as ReadCollection<object>, projection, messages);
        if (count > 0) written[name] = (written[name] ?? 0) + count;
      }),
    );
    onProgress?.(page[page.length - 1]!.recordedAt, read);
  }
  for (const name of models) await target.collection(readModelProjections[name].collection);
  return { read, skipped, written, tenants: [...tenants].sort(), lastPosition };
}
