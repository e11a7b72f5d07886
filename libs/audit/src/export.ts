import type { EventStore } from '@srw/event-store';
import { scanHistory } from './history';
import { sealedData } from './pii-seal';
import { assertKnownTenant, belongsToTenant, tenantStreamPrefixes } from './tenant-scope';

export type ExportFormat = 'jsonl' | 'csv';

export interface ExportOptions {
  tenantId: string;
  /** Inclusive, on the time the store recorded each event. */
  from: Date;
  /** Exclusive. */
  to: Date;
  format: ExportFormat;
  pageSize?: number;
  onProgress?(lastRecordedAt: Date, eventsWritten: number): void;
}

/** One exported event: flat, for the analysts' tools. `data` is sealed (see `sealedData`). */
export interface ExportedEvent {
  position: number;
  recordedAt: string;
  observedAt: unknown;
  tenantId: string;
  stream: string;
  revision: number;
  id: string;
  type: string;
  schemaVersion: unknown;
  correlationId: unknown;
  causationId: unknown;
  data: unknown;
}

export const exportColumns = ['position', 'recordedAt', 'observedAt', 'tenantId', 'stream', 'revision', 'id', 'type', 'schemaVersion', 'correlationId', 'causationId', 'data'] as const satisfies readonly (keyof ExportedEvent)[];

/**
 * Writes a tenant's events recorded in [from, to) in position order, as JSON Lines (one event a line)
 * or CSV (a header, then one row an event, `data` as a JSON cell). Only the tenant's own streams are
 * read, and each event is checked to be theirs. PII stays sealed: nothing here decrypts.
 * Returns how many events it wrote. Throws `NotFoundError` for an unknown tenant.
 */
export async function exportEvents(store: EventStore, options: ExportOptions, write: (chunk: string) => Promise<void> | void): Promise<number> {
  const { tenantId, from, to, format, pageSize, onProgress } = options;
  await assertKnownTenant(store, tenantId);
  if (format === 'csv') await write(`${exportColumns.join(',')}\n`);
  let written = 0;
  const scan = scanHistory(store, { streamPrefixes: tenantStreamPrefixes(tenantId), recordedUntil: to, ...(pageSize ? { pageSize } : {}) });
  for await (const page of scan) {
    const lines: string[] = [];
    for (const event of page) {
      const at = event.recordedAt.getTime();
      if (at < from.getTime() || at >= to.getTime() || !belongsToTenant(event, tenantId)) continue;
      const { data, schemaVersion } = sealedData(event.type, event.data, event.metadata);
      const row: ExportedEvent = {
        position: event.position,
        recordedAt: event.recordedAt.toISOString(),
        observedAt: event.metadata['observedAt'],
        tenantId,
        stream: event.stream,
        revision: event.revision,
        id: event.id,
        type: event.type,
        schemaVersion,
        correlationId: event.metadata['correlationId'],
        causationId: event.metadata['causationId'],
        data,
      };
      lines.push(format === 'jsonl' ? JSON.stringify(row) : csvRow(row));
    }
    if (lines.length > 0) await write(`${lines.join('\n')}\n`);
    written += lines.length;
    onProgress?.(page[page.length - 1]!.recordedAt, written);
  }
  return written;
}

function csvRow(row: ExportedEvent): string {
  return exportColumns.map((column) => csvCell(row[column])).join(',');
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled; objects as JSON. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
