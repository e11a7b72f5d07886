import { categories, categoryPrefix, parseStreamName, type Category } from '@srw/contracts';
import type { EventStore, RecordedEvent } from '@srw/event-store';
import { NotFoundError } from '@srw/errors';

/**
 * The stream prefixes that hold one tenant's events. A prefix cannot end the tenant id exactly
 * (`integration-acme` also starts `integration-acme2`), so a read by these prefixes is always
 * followed by {@link belongsToTenant}.
 */
export function tenantStreamPrefixes(tenantId: string, only: readonly Category[] = categories): string[] {
  return only.map((category) => (category === 'integration' ? `${categoryPrefix(category)}${tenantId}` : `${categoryPrefix(category)}${tenantId}:`));
}

/**
 * Whether a recorded event is the tenant's: its stream's tenant part and its metadata's tenant both
 * name it (`appendEvents` refuses events where they disagree; an event appended around it is left
 * out rather than trusted).
 */
export function belongsToTenant(event: Pick<RecordedEvent, 'stream' | 'metadata'>, tenantId: string): boolean {
  let streamTenant: string | undefined;
  try {
    streamTenant = parseStreamName(event.stream).parts[0];
  } catch {
    return false;
  }
  return streamTenant === tenantId && event.metadata['tenantId'] === tenantId;
}

/**
 * Throws `NotFoundError` unless the tenant has an `integration` stream: every tenant starts with
 * `IntegrationEnableRequested`, so a tenant without one is a typo, not an empty history.
 */
export async function assertKnownTenant(store: EventStore, tenantId: string): Promise<void> {
  const first = await store.readStream(`${categoryPrefix('integration')}${tenantId}`, { maxCount: 1 });
  if (first.length === 0) throw new NotFoundError(`unknown tenant ${JSON.stringify(tenantId)}: the event store has no integration stream for it`);
}
