import { subjects, type HeliosEvent } from '@helios/contracts';
import { derive } from '@helios/domain-core';
import type { ServiceDecider } from '@helios/nest';
import type { IndicatorsConfig } from '@helios/contracts';
import { DEFAULT_INDICATORS } from './indicators-config';
import { parseIndicatorSpec, type IndicatorSpec } from './indicator-spec';

/** One candle series (venue, symbol, timeframe): an instance of every configured indicator. */
interface SeriesState {
  lastOpenTime: number;
  readonly compute: Array<(close: number) => Record<string, number>>;
}

/**
 * Mutable for speed, like the strategy decider (ADR 0005): `decide` advances the streaming
 * indicators and keeps what it computed for that candle; `evolve` with the same candle applies it,
 * with a candle `decide` never saw (history folded at start-up) it computes.
 */
export interface IndicatorsState {
  readonly series: Map<string, SeriesState>;
  pending: HeliosEvent<'md.candle'> | null;
  pendingValues: Array<Record<string, number>> | null;
}

/**
 * md.candle -> one `indicator.value` per configured indicator that is past its warm-up, on
 * `indicator.<name>.v<k>.<symbol>.<tf>`, id derived from the candle (index = position in the
 * configured list). Only closed candles, each bar once, in open-time order per series; forming
 * bars and older bars are skipped.
 */
export function indicatorsDecider(config: IndicatorsConfig): ServiceDecider<IndicatorsState> {
  const specs: IndicatorSpec[] = (config.indicators ?? DEFAULT_INDICATORS).map(parseIndicatorSpec);
  const timeframes = config.timeframes !== undefined && config.timeframes.length > 0 ? new Set(config.timeframes) : undefined;
  const src = config.src ?? 'indicators';

  const compute = (state: IndicatorsState, candle: HeliosEvent<'md.candle'>): Array<Record<string, number>> | null => {
    if (state.pending === candle) return state.pendingValues;
    const p = candle.payload;
    let values: Array<Record<string, number>> | null = null;
    if (p.closed !== false && (timeframes === undefined || timeframes.has(p.tf))) {
      const key = `${p.venue}.${p.symbol}.${p.tf}`;
      let s = state.series.get(key);
      if (s === undefined) {
        s = { lastOpenTime: -Infinity, compute: specs.map((spec) => spec.create()) };
        state.series.set(key, s);
      }
      if (p.openTime > s.lastOpenTime) {
        s.lastOpenTime = p.openTime;
        values = s.compute.map((f) => f(p.close));
      }
    }
    state.pending = candle;
    state.pendingValues = values;
    return values;
  };

  return {
    name: 'indicators',
    initialState: () => ({ series: new Map(), pending: null, pendingValues: null }),
    decide(state, input) {
      if (input.type !== 'md.candle') return [];
      const candle = input as HeliosEvent<'md.candle'>;
      const values = compute(state, candle);
      if (values === null) return [];
      const out: HeliosEvent[] = [];
      values.forEach((v, k) => {
        if (!Object.values(v).every(Number.isFinite)) return;
        const spec = specs[k];
        out.push(
          derive(candle, 'indicator.value', k, src, {
            name: spec.name,
            version: spec.version,
            params: { ...spec.params },
            symbol: candle.payload.symbol,
            tf: candle.payload.tf,
            barTime: candle.payload.openTime,
            values: v,
          }),
        );
      });
      return out;
    },
    evolve(state, event) {
      if (event.type === 'md.candle') {
        compute(state, event as HeliosEvent<'md.candle'>);
        state.pending = null;
        state.pendingValues = null;
      }
      return state;
    },
  };
}

export const indicatorSubject = (e: HeliosEvent<'indicator.value'>): string => subjects.indicator(e.payload.name, e.payload.version, e.payload.symbol, e.payload.tf);
