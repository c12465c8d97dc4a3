/** The OHLCV fields an evaluator reads; an `md.candle` payload is one. */
export interface BarValues {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * One instance of a strategy graph for one instrument: indicator state, previous values and the
 * current target. Booleans are numbers inside: 1 true, 0 false, NaN not ready.
 */
export interface StrategyEvaluator {
  /** Evaluates the next bar and returns the target weight after it. */
  onBar(bar: BarValues): number;
  /**
   * Re-evaluates the latest bar with revised values (a forming candle, then its final version):
   * indicators use `replaceLast`, crosses and sizing compare with the bar before. Before any bar
   * this is `onBar`.
   */
  reviseBar(bar: BarValues): number;
  /** Records the latest advice score of `model`; `ml` nodes read it from the next evaluation on. */
  setMlAdvice(model: string, score: number): void;
  /** Target weight after the latest evaluation; 0 (flat) before any bar. */
  readonly target: number;
  /** Bars evaluated; revisions do not count. */
  readonly bars: number;
  /**
   * Copies every slot (see `EvaluationPlan.slots`) after the latest evaluation into `into`. The
   * compiled evaluator supports it only when compiled with `{ probe: true }`.
   */
  readSlots(into: Float64Array): void;
}

export type EvaluatorKind = 'compiled' | 'interpreted';
