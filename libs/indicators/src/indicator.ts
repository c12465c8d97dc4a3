/** One OHLCV candle. Bar-input indicators read only the fields named in their input type. */
export interface Bar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type HighLow = Pick<Bar, 'high' | 'low'>;
export type HighLowClose = Pick<Bar, 'high' | 'low' | 'close'>;
export type HighLowCloseVolume = Pick<Bar, 'high' | 'low' | 'close' | 'volume'>;
export type CloseVolume = Pick<Bar, 'close' | 'volume'>;

/**
 * A streaming indicator: O(1) work and no allocation per input (CCI is the one O(n) exception).
 *
 * Warm-up: `warmup` is the number of inputs needed for the first value. The `warmup`-th call to
 * `update` (0-based input index `warmup - 1`) is the first to return a value; every earlier call
 * returns `undefined`. SMA(20) has warmup 20; TrueRange has warmup 2 (no value for the first bar).
 *
 * Multi-output indicators return one preallocated object that every update mutates in place (see
 * {@link MultiOutputIndicator}); a caller that keeps a value must copy it.
 *
 * Inputs must be finite numbers (volumes also >= 0); anything else throws a TypeError/RangeError
 * naming the indicator, the input index and the field, and leaves the indicator unchanged.
 */
export interface Indicator<In, Out> {
  /** Short label with the parameters, e.g. `SMA(20)`; used in error messages. */
  readonly name: string;
  /** Number of inputs before the first value; see the interface comment. */
  readonly warmup: number;
  /** Number of inputs consumed so far (`replaceLast` does not change it). */
  readonly count: number;
  /** True once `count >= warmup`. */
  readonly isReady: boolean;
  /** The value after the latest input, or `undefined` while warming up. */
  readonly value: Out | undefined;
  /** Adds the next input and returns the new value (`undefined` while warming up). */
  update(input: In): Out | undefined;
  /**
   * Same as `update` but never returns `undefined`: a scalar indicator returns NaN while warming
   * up, a multi-output one always returns its `output` object (parts NaN while warming up).
   * V8 must box a `number | undefined` result into a fresh HeapNumber even when the call is
   * inlined; a plain number is not boxed, so this is the allocation-free call for compiled hot
   * loops (NaN also propagates harmlessly through arithmetic and compares false).
   */
  next(input: In): Out;
  /**
   * Replaces the most recent input (a still-open candle was revised) and returns the recomputed
   * value. The result is bit-identical to a fresh instance fed the same inputs. O(1).
   * Throws if nothing has been added yet.
   */
  replaceLast(input: In): Out | undefined;
  /** Forgets every input: the indicator is as freshly constructed. */
  reset(): void;
}

/**
 * An indicator whose value is an object of numbers. `output` is the single preallocated object that
 * every update mutates; a part that is still warming up is NaN. `value` and `update` return that
 * same object once every part is ready (`warmup` is the largest part warm-up).
 */
export interface MultiOutputIndicator<In, Out extends object> extends Indicator<In, Out> {
  readonly output: Readonly<Out>;
  /** Warm-up of each part, with the same meaning as `warmup`. */
  readonly warmups: { readonly [K in keyof Out]: number };
}
