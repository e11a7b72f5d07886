import { parseDomainEvent, type InviteEvent } from '@srw/contracts';
import { foldEvents, inviteDecider, type InviteState } from '@srw/domain';
import type { EventStore } from '@srw/event-store';

/** The invite stream folded, with the position of its last event (0 for no stream). */
export async function readInvite(eventStore: EventStore, stream: string): Promise<{ state: InviteState; position: number }> {
  const recorded = await eventStore.readStream(stream);
  const events = recorded.map((r) => parseDomainEvent({ type: r.type, data: r.data, metadata: r.metadata }) as InviteEvent);
  return { state: foldEvents(inviteDecider, events), position: recorded.at(-1)?.position ?? 0 };
}
