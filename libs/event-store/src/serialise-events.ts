import { ValidationError, type FieldIssue } from '@srw/errors';
import type { EventToAppend, ExpectedRevision } from './event-store.port';

export interface SerialisedEvent {
  id: string;
  type: string;
  /** JSON text of the data. */
  data: string;
  /** JSON text of the metadata: always an object. */
  metadata: string;
}

function toJson(value: unknown, path: string, issues: FieldIssue[]): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    issues.push({ path, message: `cannot be stored as JSON: ${(error as Error).message}` });
    return '';
  }
  if (json === undefined) issues.push({ path, message: 'is not a JSON value' });
  return json ?? '';
}

/**
 * Every event's data and metadata as JSON text, or one `ValidationError` naming each value that
 * has none. Both adapters serialise here, before anything is sent or written: the EventStoreDB
 * client serialises inside a promise executor of its own (batchAppend.js:61, append.js:38), where a
 * throw becomes an unhandled rejection that ends the process and leaves the append unsettled.
 */
export function serialiseEvents(stream: string, events: readonly EventToAppend[]): SerialisedEvent[] {
  const issues: FieldIssue[] = [];
  const serialised = events.map((event, index) => {
    const data = toJson(event.data, `${index}.data`, issues);
    const metadata = toJson(event.metadata, `${index}.metadata`, issues);
    if (metadata !== '' && !metadata.startsWith('{')) issues.push({ path: `${index}.metadata`, message: 'must be an object' });
    return { id: event.id, type: event.type, data, metadata };
  });
  if (issues.length > 0) throw new ValidationError(`append to ${stream}`, issues);
  return serialised;
}

/**
 * The expected revision as given, or a `ValidationError`: a number must be a revision (a
 * non-negative integer). EventStoreDB's client would throw a RangeError making a BigInt of it,
 * the embedded store would answer a conflict; neither says what is wrong.
 */
export function checkExpectedRevision(stream: string, expected: ExpectedRevision): ExpectedRevision {
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new ValidationError(`append to ${stream}`, [{ path: 'expectedRevision', message: `${expected} is not a revision (a non-negative integer)` }]);
  }
  if (typeof expected === 'string' && !['any', 'no_stream', 'stream_exists'].includes(expected)) {
    throw new ValidationError(`append to ${stream}`, [{ path: 'expectedRevision', message: `${JSON.stringify(expected)} is not an expected revision` }]);
  }
  return expected;
}
