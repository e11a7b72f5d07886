import { parseStreamName, type EventMessage } from '@srw/contracts';
import type { ReadCollection, ReadStore } from '@srw/read-store';

/** One invite Willo holds that has not been answered yet, as far as this read model knows. */
export interface PendingResponse {
  stream: string;
  willoParticipantId: string;
  invitedAt: string;
}

/** A tenant with (or once with) pending responses: the poll's list of tenants to look at. */
export interface PendingTenant {
  tenantId: string;
}

/**
 * The read store is scoped by tenant, and the poll must find every tenant: the tenants are kept as
 * documents of this one scope (ids only), written once per tenant.
 */
export const pendingTenantsScope = '_response-writeback';

export interface PendingResponses {
  responses: ReadCollection<PendingResponse>;
  tenants: ReadCollection<PendingTenant>;
}

/** Collection names carry a suffix in tests, so that runs sharing one MongoDB never meet. */
export async function openPendingResponses(readStore: ReadStore, suffix = ''): Promise<PendingResponses> {
  const [responses, tenants] = await Promise.all([
    readStore.collection<PendingResponse>({ name: `pendingResponses${suffix}`, indexes: [{ fields: ['invitedAt'] }] }),
    readStore.collection<PendingTenant>({ name: `pendingResponseTenants${suffix}`, indexes: [] }),
  ]);
  return { responses, tenants };
}

/**
 * Applies one invite event, guarded by its position: `InviteSent` adds the invite, `ResponseReceived`
 * removes it for good (a tombstone, so a redelivered `InviteSent` cannot bring it back). A response
 * recorded before `InviteSent` (possible, see the invite decider) can still leave the invite listed:
 * the poll reads the stream before asking Willo and drops it then.
 */
export async function applyToPendingResponses(model: PendingResponses, event: EventMessage): Promise<void> {
  const [tenantId] = parseStreamName(event.stream).parts as [string];
  switch (event.type) {
    case 'InviteSent':
      await model.tenants.upsert(pendingTenantsScope, tenantId, { tenantId }, 0);
      await model.responses.upsert(
        tenantId,
        event.stream,
        { stream: event.stream, willoParticipantId: event.data.willoParticipantId, invitedAt: event.data.invitedAt },
        event.position,
      );
      return;
    case 'ResponseReceived':
      await model.responses.delete(tenantId, event.stream, event.position);
      return;
    default:
      return;
  }
}
