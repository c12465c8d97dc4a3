import { step, type Decider } from './decider';
import type { HeliosEvent } from '@helios/contracts';

/**
 * Given/when/then for deciders: `given` past events (inputs or outputs, folded with evolve),
 * `when` one input, `then` the exact outputs (or an assertion on them and the new state).
 */
export function givenWhenThen<S, I extends HeliosEvent, O extends HeliosEvent>(decider: Decider<S, I, O>) {
  return {
    given(...history: Array<I | O>) {
      const state = history.reduce<S>((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        state,
        when(input: I) {
          const result = step(decider, state, input);
          return {
            ...result,
            then(check: (outputs: O[], state: S) => void): S {
              check(result.outputs, result.state);
              return result.state;
            },
          };
        },
      };
    },
  };
}

/**
 * A decider running through a story: `send` steps each event through decide + evolve (`step`) and
 * returns the outputs, which also collect in `sent`; `check` sees every batch first (e.g. contract
 * validation). For tests that follow one state across many arrivals, where givenWhenThen's single
 * `when` is not enough.
 */
export function story<S, I extends HeliosEvent, O extends HeliosEvent>(decider: Decider<S, I, O>, check: (outputs: readonly O[]) => void = () => undefined) {
  let state = decider.initialState();
  const sent: O[] = [];
  return {
    send(...events: I[]): O[] {
      const out: O[] = [];
      for (const e of events) {
        const r = step(decider, state, e);
        state = r.state;
        out.push(...r.outputs);
      }
      check(out);
      sent.push(...out);
      return out;
    },
    get state(): S {
      return state;
    },
    sent,
  };
}
