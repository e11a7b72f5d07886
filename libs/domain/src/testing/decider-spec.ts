import { expect } from 'vitest';
import { foldEvents, type Decider } from '../decider';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export interface WhenCommand<Event> {
  /** The command leads to exactly these events, in this order. */
  then(expected: Event[]): void;
  /** The command is accepted and changes nothing (a repeat, or nothing to do). */
  thenNothing(): void;
  /** The command is refused with an instance of `errorClass`, matching `check` when given. */
  thenThrows<E extends Error>(errorClass: ErrorClass<E>, check?: (error: E) => boolean): void;
  /**
   * Deciding the command, applying its events, then deciding the same command again yields nothing:
   * a redelivered command changes nothing. Fails too when the first decision is refused.
   */
  thenRedeliveryChangesNothing(): void;
}

export interface WhenEventRedelivered<State> {
  /** Folding the event once more leaves the state as it was. */
  thenStateUnchanged(): void;
  /** For the rare event whose repeat must matter: the state after the repeat. */
  thenState(expected: State): void;
}

export interface Given<Command, Event, State> {
  when(command: Command): WhenCommand<Event>;
  /** `event` delivered once more after the given events (which usually end with it). */
  whenRedelivered(event: Event): WhenEventRedelivered<State>;
  /** The state the given events fold into. */
  thenState(expected: State): void;
}

/**
 * Given / when / then for a decider, after emmett's `DeciderSpecification`:
 * `spec.given([events]).when(command).then([events])`, `.thenNothing()`, `.thenThrows(Class)`,
 * `.thenRedeliveryChangesNothing()`, and `spec.given([events]).whenRedelivered(event).thenStateUnchanged()`.
 */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[] = []): Given<Command, Event, State> {
      const state = () => foldEvents(decider, events);
      return {
        when(command) {
          const decide = () => decider.decide(command, state());
          return {
            then: (expected) => expect(decide()).toEqual(expected),
            thenNothing: () => expect(decide()).toEqual([]),
            thenThrows(errorClass, check) {
              let thrown: unknown;
              try {
                decide();
              } catch (error) {
                thrown = error;
              }
              expect(thrown, 'the command was accepted, not refused').toBeInstanceOf(errorClass);
              if (check) expect(check(thrown as never), `the error did not match: ${String(thrown)}`).toBe(true);
            },
            thenRedeliveryChangesNothing() {
              const first = decider.decide(command, state());
              const after = first.reduce(decider.evolve, state());
              expect(decider.decide(command, after)).toEqual([]);
            },
          };
        },
        whenRedelivered(event) {
          const again = () => decider.evolve(state(), event);
          return {
            thenStateUnchanged: () => expect(again()).toEqual(state()),
            thenState: (expected) => expect(again()).toEqual(expected),
          };
        },
        thenState: (expected) => expect(state()).toEqual(expected),
      };
    },
  };
}
