/**
 * A decider, after Jérémie Chassaing's pattern (as in event-driven-io/emmett): the whole behaviour of
 * one stream as three pure functions. `decide` says which events a command leads to given the state
 * (throwing a `DomainRuleViolation` when the command breaks a rule); `evolve` folds one event into the
 * state; `initialState` is the state of a stream with no events. No I/O and no clock: time, ids and
 * lookups arrive in the command.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** The state after `events`, from the initial state. */
export function foldEvents<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
