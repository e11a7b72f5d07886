import { AppError } from '@srw/errors';

/**
 * A command that the stream's current state refuses (out of order, or contradicting what already
 * happened). Not retryable: the same command against the same history is refused again. `rule` is a
 * stable name for the broken rule, for callers and tests to branch on; the message says why in words.
 */
export class DomainRuleViolation extends AppError {
  readonly code = 'DOMAIN_RULE_VIOLATION';
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`${rule}: ${message}`, false);
  }
}
