import type { HeliosEvent } from '@helios/contracts';

/**
 * A bounded context as a pure decider (emmett style). The service shell, the backtest driver and the
 * distributed replay all run the same three functions:
 *
 *   outputs = decide(state, input)      -- what happens because of this input (no I/O, no clock)
 *   state   = evolve(state, e)          -- for the input and then for each output, in order
 *
 * `decide` derives every output's id from the input's id (see `derive`) and stamps it with the
 * input's event time, so a replay of the same inputs produces byte-identical outputs.
 */
export interface Decider<State, Input extends HeliosEvent = HeliosEvent, Output extends HeliosEvent = HeliosEvent> {
  readonly name: string;
  initialState(): State;
  decide(state: State, input: Input): Output[];
  evolve(state: State, event: Input | Output): State;
}

/** Runs one input through a decider: decide, then evolve with the input and each output in order. */
export function step<S, I extends HeliosEvent, O extends HeliosEvent>(
  decider: Decider<S, I, O>,
  state: S,
  input: I,
): { state: S; outputs: O[] } {
  const outputs = decider.decide(state, input);
  let next = decider.evolve(state, input);
  for (const o of outputs) next = decider.evolve(next, o);
  return { state: next, outputs };
}

/** Runs inputs one by one through `step` from the initial state, as a service shell would: every output in order, and the last state. */
export function play<S, I extends HeliosEvent, O extends HeliosEvent>(decider: Decider<S, I, O>, inputs: Iterable<I>): { state: S; outputs: O[] } {
  let state = decider.initialState();
  const outputs: O[] = [];
  for (const input of inputs) {
    const r = step(decider, state, input);
    state = r.state;
    for (const o of r.outputs) outputs.push(o);
  }
  return { state, outputs };
}
