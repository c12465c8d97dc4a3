import { ID_PATTERN, type HeliosEvent } from '@helios/contracts';
import { derive, type Decider } from '@helios/domain-core';
import {
  compileSpec,
  createEvaluatorFactory,
  type EvaluatorKind,
  type ParamValues,
  type StrategyEvaluator,
  type StrategyGraph,
  type StrategySpec,
} from '@helios/strategy-dsl';

export type StrategyInput = HeliosEvent<'md.candle'> | HeliosEvent<'ml.advice'>;
export type StrategyOutput = HeliosEvent<'strategy.intent'>;

export interface StrategyDeciderOptions {
  /** Goes into every intent and its subject (`strategy.intent.<strategyId>`). */
  readonly strategyId: string;
  /** The strategy as a spec (its instruments and timeframe apply unless given here) ... */
  readonly spec?: StrategySpec;
  /** ... or as a graph, with `instruments`. */
  readonly graph?: StrategyGraph;
  /** Parameter values over the graph's defaults. */
  readonly params?: ParamValues;
  readonly instruments?: readonly string[];
  /** Only candles of this timeframe; all when absent. */
  readonly timeframe?: string;
  /** `compiled` (default): generated JavaScript; `interpreted`: the reference interpreter. */
  readonly evaluator?: EvaluatorKind;
  /** `src` of the intents; default `strategy-runner`. */
  readonly src?: string;
}

/** One instrument: its own copy of the graph, where its bar series stands, and its last target. */
export interface InstrumentState {
  readonly instrument: string;
  readonly evaluator: StrategyEvaluator;
  /** Open time of the latest bar fed to the evaluator; -1 before any. */
  lastOpenTime: number;
  /** Whether that bar was closed: a closed bar is final, later versions of it are ignored. */
  lastClosed: boolean;
  /** Target weight as of the latest closed bar (0 = flat before any): an intent is emitted when it changes. */
  lastTarget: number;
}

/**
 * Mutable, for speed (ADR 0005): the evaluators hold streaming indicators, and `decide` advances
 * them when it evaluates a candle. `decide` records what it computed in the `pending*` fields;
 * `evolve` with the same candle applies that instead of evaluating again, and `evolve` with a candle
 * `decide` never saw (folding history) evaluates it. `evolve` returns the same object. The pending
 * result lives in plain fields, not an object per candle: this runs once per bar of a backtest.
 */
export interface StrategyState {
  readonly instruments: ReadonlyMap<string, InstrumentState>;
  /**
   * The candle evaluated by the last decide() that evolve() has not applied yet (null when none). Kept
   * by reference: `step` hands the same object to decide and evolve, and comparing ids would hash
   * every candle's id, which costs more than evaluating the strategy.
   */
  pending: HeliosEvent<'md.candle'> | null;
  /** Its instrument; null when the candle was ignored. */
  pendingInstrument: InstrumentState | null;
  pendingTarget: number;
  pendingClosed: boolean;
}

// Most candles change no target; one frozen array spares an allocation per bar.
const NOTHING: StrategyOutput[] = Object.freeze([]) as unknown as StrategyOutput[];

/**
 * The strategy context: consumes the candles of its instruments (and optionally `ml.advice`), emits
 * `strategy.intent` (target weights, `barTime` = the candle's open time) when a closed bar changes an
 * instrument's target. A forming candle (`closed: false`) revises the latest bar in the indicators
 * (`replaceLast`) and emits nothing; its closed version then decides. Candles older than the latest
 * bar, or repeating a bar that is already closed, are ignored.
 */
export function strategyDecider(options: StrategyDeciderOptions): Decider<StrategyState, StrategyInput, StrategyOutput> {
  const { strategyId, graph, instruments, timeframe, params } = resolveOptions(options);
  const src = options.src ?? 'strategy-runner';
  const newEvaluator = createEvaluatorFactory(graph, params, options.evaluator ?? 'compiled');

  /** Evaluates the candle unless decide() already did; the result is in the state's pending fields. */
  const evaluate = (state: StrategyState, candle: HeliosEvent<'md.candle'>): void => {
    if (state.pending === candle) return;
    state.pending = candle;
    state.pendingInstrument = null;
    const p = candle.payload;
    const inst = state.instruments.get(p.symbol);
    if (inst === undefined || (timeframe !== undefined && p.tf !== timeframe)) return;
    if (p.openTime < inst.lastOpenTime || (p.openTime === inst.lastOpenTime && inst.lastClosed)) return;
    state.pendingTarget = p.openTime === inst.lastOpenTime ? inst.evaluator.reviseBar(p) : inst.evaluator.onBar(p);
    inst.lastOpenTime = p.openTime;
    // v1 candles (upcast) had no `closed` and were always final.
    inst.lastClosed = p.closed !== false;
    state.pendingClosed = inst.lastClosed;
    state.pendingInstrument = inst;
  };

  return {
    name: `strategy:${strategyId}`,

    initialState(): StrategyState {
      const map = new Map<string, InstrumentState>();
      for (const instrument of instruments) {
        map.set(instrument, { instrument, evaluator: newEvaluator(), lastOpenTime: -1, lastClosed: false, lastTarget: 0 });
      }
      return { instruments: map, pending: null, pendingInstrument: null, pendingTarget: 0, pendingClosed: false };
    },

    decide(state, input) {
      if (input.type !== 'md.candle') return NOTHING;
      evaluate(state, input);
      const inst = state.pendingInstrument;
      if (inst === null || !state.pendingClosed || state.pendingTarget === inst.lastTarget) return NOTHING;
      return [
        derive(
          input,
          'strategy.intent',
          0,
          src,
          { strategyId, targets: [{ instrument: inst.instrument, weight: state.pendingTarget }], barTime: input.payload.openTime },
          strategyId,
        ),
      ];
    },

    evolve(state, event) {
      switch (event.type) {
        case 'md.candle': {
          evaluate(state, event);
          const inst = state.pendingInstrument;
          if (inst !== null && state.pendingClosed) inst.lastTarget = state.pendingTarget;
          state.pending = null;
          state.pendingInstrument = null;
          return state;
        }
        case 'ml.advice':
          state.instruments.get(event.payload.symbol)?.evaluator.setMlAdvice(event.payload.model, event.payload.score);
          return state;
        case 'strategy.intent':
          if (event.payload.strategyId !== strategyId) return state;
          for (const t of event.payload.targets) {
            const inst = state.instruments.get(t.instrument);
            if (inst !== undefined && t.weight !== undefined) inst.lastTarget = t.weight;
          }
          return state;
        default:
          return state;
      }
    },
  };
}

function resolveOptions(options: StrategyDeciderOptions): {
  strategyId: string;
  graph: StrategyGraph;
  instruments: readonly string[];
  timeframe: string | undefined;
  params: ParamValues;
} {
  const where = `strategyDecider(${JSON.stringify(options.strategyId)})`;
  if (typeof options.strategyId !== 'string' || !new RegExp(ID_PATTERN).test(options.strategyId) || options.strategyId.length > 64) {
    throw new Error(`${where}: strategyId must match ${ID_PATTERN} (at most 64 characters)`);
  }
  if ((options.spec === undefined) === (options.graph === undefined)) throw new Error(`${where}: give exactly one of spec and graph`);
  const graph = options.spec !== undefined ? compileSpec(options.spec) : (options.graph as StrategyGraph);
  const instruments = options.instruments ?? options.spec?.instruments;
  if (instruments === undefined || instruments.length === 0) throw new Error(`${where}: needs at least one instrument`);
  for (const instrument of instruments) {
    if (!new RegExp(ID_PATTERN).test(instrument)) throw new Error(`${where}: instrument ${JSON.stringify(instrument)} must match ${ID_PATTERN}`);
  }
  if (new Set(instruments).size !== instruments.length) throw new Error(`${where}: instruments must be unique, got ${instruments.join(', ')}`);
  return { strategyId: options.strategyId, graph, instruments, timeframe: options.timeframe ?? options.spec?.timeframe, params: options.params ?? {} };
}
