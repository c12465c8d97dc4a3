import type { HeliosEvent } from '@helios/contracts';
import type { ReconfigureResult, ServiceDecider } from '@helios/nest';
import { buildStrategyDecider, coreOf, type StrategyDeciderOf, type StrategyDefinition, type StrategyInput, type StrategyState } from '@helios/domain-strategy';

export interface FleetConfig {
  /** Every strategy this process runs, by id (from KV `strategy.<id>`). */
  strategies: Record<string, StrategyDefinition>;
}

/** One strategy, isolated: its own decider and state; a throw stops it alone. */
export interface StrategySlot {
  def: StrategyDefinition;
  core: string;
  decider: StrategyDeciderOf;
  state: StrategyState;
  /** Why it was stopped (it threw); it gets no more input. */
  dead?: string;
  /** Event times of its recent intents, for `maxIntentsPerMinute`. */
  intentTimes: number[];
}

export interface FleetState {
  readonly slots: Map<string, StrategySlot>;
}

export interface FleetEvents {
  dropped(strategyId: string, why: 'paused' | 'rate-limit', intent: HeliosEvent): void;
  died(strategyId: string, error: unknown): void;
}

const RATE_WINDOW_MS = 60_000;

export function newSlot(def: StrategyDefinition): StrategySlot {
  const decider = buildStrategyDecider(def);
  return { def, core: coreOf(def), decider, state: decider.initialState(), intentTimes: [] };
}

/**
 * Several strategies as one decider for the shell: every candle goes to every live strategy; a
 * paused or killed strategy keeps folding candles (its indicators stay warm) but its intents are
 * dropped; intents beyond `maxIntentsPerMinute` (event time) are dropped and reported.
 */
export function fleetDecider(config: FleetConfig, events: FleetEvents): ServiceDecider<FleetState> {
  const guard = <T>(slot: StrategySlot, id: string, fallback: T, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      slot.dead = err instanceof Error ? err.message : String(err);
      events.died(id, err);
      return fallback;
    }
  };
  return {
    name: 'strategy-fleet',
    initialState: () => ({ slots: new Map(Object.entries(config.strategies).map(([id, def]) => [id, newSlot(def)])) }),
    decide(state, input) {
      if (input.type !== 'md.candle' && input.type !== 'ml.advice') return [];
      const out: HeliosEvent[] = [];
      for (const [id, slot] of state.slots) {
        if (slot.dead !== undefined) continue;
        const intents = guard(slot, id, [], () => slot.decider.decide(slot.state, input as StrategyInput));
        for (const intent of intents) {
          if (slot.def.paused === true || slot.def.killSwitch === true) {
            events.dropped(id, 'paused', intent);
            continue;
          }
          const max = slot.def.maxIntentsPerMinute;
          if (max !== undefined && slot.intentTimes.filter((t) => t > intent.ts - RATE_WINDOW_MS).length >= max) {
            events.dropped(id, 'rate-limit', intent);
            continue;
          }
          out.push(intent);
        }
      }
      return out;
    },
    evolve(state, event) {
      if (event.type === 'strategy.intent') {
        const slot = state.slots.get((event as HeliosEvent<'strategy.intent'>).payload.strategyId);
        if (slot !== undefined && slot.dead === undefined) {
          slot.intentTimes = [...slot.intentTimes.filter((t) => t > event.ts - RATE_WINDOW_MS), event.ts];
          guard(slot, slot.def.id, undefined, () => void slot.decider.evolve(slot.state, event as HeliosEvent<'strategy.intent'>));
        }
        return state;
      }
      if (event.type !== 'md.candle' && event.type !== 'ml.advice') return state;
      for (const [id, slot] of state.slots) {
        if (slot.dead === undefined) guard(slot, id, undefined, () => void (slot.state = slot.decider.evolve(slot.state, event as StrategyInput)));
      }
      return state;
    },
  };
}

/**
 * Applies a new set of definitions between two inputs: an unchanged strategy keeps its state (a
 * change of only paused / maxIntentsPerMinute too); a new or changed one starts fresh (flat, its
 * indicators warming up on the coming bars), as does one whose kill switch is released; a removed
 * one is dropped.
 */
export function reconfigureFleet(events: FleetEvents) {
  return (current: ReconfigureResult<FleetState>, config: FleetConfig): ReconfigureResult<FleetState> => {
    const slots = new Map<string, StrategySlot>();
    for (const [id, def] of Object.entries(config.strategies)) {
      const old = current.state.slots.get(id);
      const keep = old !== undefined && old.dead === undefined && old.core === coreOf(def) && !(old.def.killSwitch === true && def.killSwitch !== true);
      slots.set(id, keep ? { ...old, def } : newSlot(def));
    }
    return { decider: fleetDecider(config, events), state: { slots } };
  };
}
