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
