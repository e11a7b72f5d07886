import { describe, expect, it } from 'vitest';
import type { Decider } from '../decider';
import { DomainRuleViolation } from '../domain-rule-violation';
import { deciderSpec } from './decider-spec';

/** A counter that refuses to go past 2 and, carelessly, is not idempotent: the helpers must notice. */
type Add = { type: 'Add'; by: number };
type Added = { type: 'Added'; by: number };
const counter: Decider<Add, Added, number> = {
  decide: (command, total) => {
    if (total + command.by > 2) throw new DomainRuleViolation('too_much', `${total} + ${command.by} > 2`);
    return command.by === 0 ? [] : [{ type: 'Added', by: command.by }];
  },
  evolve: (total, event) => total + event.by,
  initialState: () => 0,
};
const spec = deciderSpec(counter);

describe('deciderSpec', () => {
  it('passes what holds', () => {
    spec.given([]).when({ type: 'Add', by: 1 }).then([{ type: 'Added', by: 1 }]);
    spec.given([]).when({ type: 'Add', by: 0 }).thenNothing();
    spec.given([{ type: 'Added', by: 2 }]).when({ type: 'Add', by: 1 }).thenThrows(DomainRuleViolation, (e) => e.rule === 'too_much');
    spec.given([{ type: 'Added', by: 1 }]).thenState(1);
  });

  it('fails a wrong expectation of events', () => {
    expect(() => spec.given([]).when({ type: 'Add', by: 1 }).then([{ type: 'Added', by: 2 }])).toThrow();
    expect(() => spec.given([]).when({ type: 'Add', by: 1 }).thenNothing()).toThrow();
  });

  it('fails thenThrows when the command is accepted, or refused otherwise than expected', () => {
    expect(() => spec.given([]).when({ type: 'Add', by: 1 }).thenThrows(DomainRuleViolation)).toThrow(/accepted/);
    expect(() => spec.given([{ type: 'Added', by: 2 }]).when({ type: 'Add', by: 1 }).thenThrows(TypeError)).toThrow();
    expect(() =>
      spec.given([{ type: 'Added', by: 2 }]).when({ type: 'Add', by: 1 }).thenThrows(DomainRuleViolation, (e) => e.rule === 'other'),
    ).toThrow(/did not match/);
  });

  it('catches a decider that acts again on a redelivered command', () => {
    expect(() => spec.given([]).when({ type: 'Add', by: 1 }).thenRedeliveryChangesNothing()).toThrow();
    spec.given([]).when({ type: 'Add', by: 0 }).thenRedeliveryChangesNothing();
  });

  it('catches an evolve that counts a redelivered event twice', () => {
    const added: Added = { type: 'Added', by: 1 };
    expect(() => spec.given([added]).whenRedelivered(added).thenStateUnchanged()).toThrow();
    spec.given([added]).whenRedelivered(added).thenState(2);
  });
});
