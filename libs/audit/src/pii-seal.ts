import { eventRegistry, upcast } from '@srw/contracts';

/** What an export shows instead of PII that was appended in clear (version 1 `CandidateObserved`). */
export const redactedPlaintextPii = { redacted: 'PII appended in clear before encryption: not exported' } as const;

/**
 * An event's data as an export may show it: brought to its type's current schema version, with PII
 * only in its sealed form. `CandidateObserved` carries the candidate's name and email encrypted under
 * the candidate's own key (`pii.keyId`, `pii.ciphertext`): exported as is, it stays unreadable, and a
 * shredded candidate stays erased in every copy of the export. PII that version 1 appended in clear
 * (upcast to `pii.legacyPlaintext`) is replaced by {@link redactedPlaintextPii}: it cannot be
 * shredded, so it must not be copied anywhere.
 */
export function sealedData(type: string, data: unknown, metadata: Record<string, unknown>): { data: unknown; schemaVersion: unknown } {
  const definition = eventRegistry.get(type);
  const current = definition ? (upcast(definition, { type, data, metadata }) as { data: unknown; metadata: { schemaVersion?: unknown } }) : { data, metadata };
  if (type !== 'CandidateObserved') return { data: current.data, schemaVersion: current.metadata.schemaVersion };
  const fields = (current.data ?? {}) as Record<string, unknown>;
  const pii = fields['pii'];
  const sealed = pii && typeof pii === 'object' && 'ciphertext' in pii && 'keyId' in pii ? { keyId: (pii as { keyId: unknown }).keyId, ciphertext: (pii as { ciphertext: unknown }).ciphertext } : redactedPlaintextPii;
  // Version 1 fields left beside `pii` by a failed upcast are dropped too: only known-safe keys pass.
  const { firstName: _f, lastName: _l, email: _e, phone: _p, ...rest } = fields;
  return { data: { ...rest, pii: sealed }, schemaVersion: current.metadata.schemaVersion };
}
