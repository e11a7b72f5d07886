import { isEncryptedPii, parseDomainEvent, streams, type SrCandidateEvent } from '@srw/contracts';
import type { EventStore } from '@srw/event-store';
import type { CandidateKey, PiiCipher } from '@srw/vault';
import type { CandidateContact, CandidateContacts } from './ports';

/**
 * Contacts read from the candidate's last `CandidateObserved` and unsealed with the candidate's own
 * key. A candidate never observed, erased, or shredded (no key: the PII is gone everywhere), has none.
 */
export interface CandidateKeys {
  /** The candidate's data key; undefined when there is none (never made, or shredded). */
  find(tenantId: string, candidateId: string): Promise<CandidateKey | undefined>;
}

export function eventStoreCandidateContacts(store: EventStore, pii: { keys: CandidateKeys; cipher: PiiCipher }): CandidateContacts {
  return {
    async contactOf(tenantId, candidateId) {
      const [last] = await store.readStream(streams.srCandidate(tenantId, candidateId), { direction: 'backwards', maxCount: 1 });
      if (!last) return undefined;
      const event = parseDomainEvent({ type: last.type, data: last.data, metadata: last.metadata }) as SrCandidateEvent;
      // Erased (GDPR or deleted in SR): the last word on the candidate, whatever an earlier observation held.
      if (event.type === 'CandidatePiiErased') return undefined;
      const sealed = event.data.pii;
      if (!isEncryptedPii(sealed)) return contactFrom(sealed.legacyPlaintext);
      const key = await pii.keys.find(tenantId, candidateId);
      if (!key) return undefined;
      return contactFrom(pii.cipher.decrypt(sealed, key, { tenant: tenantId, candidateId }));
    },
  };
}

function contactFrom(record: Readonly<Record<string, string | null>>): CandidateContact {
  return { firstName: record['firstName'] ?? '', lastName: record['lastName'] ?? '', email: record['email'] || null };
}
