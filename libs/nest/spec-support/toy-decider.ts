// A small decider for the shell's tests: each input (a candle or an order) yields one
// indicator.value carrying the running count and sum, so a state applied twice or skipped shows
// up in the outputs' payloads, not only in their ids.
import { Type, type Static } from 'typebox';
import pino from 'pino';
import { derivedId, registry, subjects, type HeliosEvent } from '@helios/contracts';
import type { ServiceDecider, ServiceOptions } from '../src';

export const ToyConfigSchema = Type.Object(
  {
    factor: Type.Number({ minimum: 0, description: 'Weight of each input in the running sum.' }),
    snapshots: Type.Boolean({ description: 'Offer snapshot hooks.' }),
  },
  { additionalProperties: false },
);
export type ToyConfig = Static<typeof ToyConfigSchema>;
export const TOY_DEFAULTS: ToyConfig = { factor: 1, snapshots: true };

export interface ToyState {
  count: number;
  sum: number;
}

/** A candle of this symbol makes decide throw (a deterministic bug in one input). */
export const POISON_SYMBOL = 'BOOM-USDT';

export function toyAmount(e: HeliosEvent): number | undefined {
  if (e.type === 'md.candle') return e.payload.close;
  if (e.type === 'order.new') return e.payload.qty ?? e.payload.quoteQty ?? 0;
  return undefined;
}

export function toyOutput(input: HeliosEvent, state: ToyState, factor: number): HeliosEvent<'indicator.value'> {
  const symbol = input.type === 'md.candle' ? input.payload.symbol : input.type === 'order.new' ? input.payload.instrument : 'X';
  return {
    id: derivedId(input.id, 'indicator.value', 0),
    type: 'indicator.value',
    v: registry.currentVersion('indicator.value'),
    ts: input.ts,
    src: 'toy',
    run: input.run,
    corr: input.corr ?? input.id,
    cause: input.id,
    payload: {
      name: 'toy',
      version: 1,
      params: { factor },
      symbol,
      tf: '1m',
      barTime: input.ts,
      values: { count: state.count + 1, sum: state.sum + (toyAmount(input) ?? 0) * factor },
    },
  } as HeliosEvent<'indicator.value'>;
}

export function createToyDecider(config: ToyConfig): ServiceDecider<ToyState> {
  const decider: ServiceDecider<ToyState> = {
    name: 'toy',
    initialState: () => ({ count: 0, sum: 0 }),
    decide: (state, input) => {
      if (input.type === 'md.candle' && input.payload.symbol === POISON_SYMBOL) throw new Error(`cannot handle ${POISON_SYMBOL}`);
      return toyAmount(input) === undefined ? [] : [toyOutput(input, state, config.factor)];
    },
    evolve: (state, e) => {
      const amount = toyAmount(e);
      return amount === undefined ? state : { count: state.count + 1, sum: state.sum + amount * config.factor };
    },
  };
  if (!config.snapshots) return decider;
  return {
    ...decider,
    toSnapshot: (state) => ({ count: state.count, sum: state.sum }),
    fromSnapshot: (json) => {
      const s = json as Partial<ToyState>;
      if (typeof s?.count !== 'number' || typeof s?.sum !== 'number') throw new Error(`toy snapshot must be { count, sum }, got ${JSON.stringify(json)}`);
      return { count: s.count, sum: s.sum };
    },
  };
}

/** The same inputs folded in-process: the reference a service's state and outputs must equal. */
export function foldToy(inputs: readonly HeliosEvent[], factor = 1): { state: ToyState; outputs: HeliosEvent[] } {
  const d = createToyDecider({ factor, snapshots: false });
  let state = d.initialState();
  const outputs: HeliosEvent[] = [];
  for (const e of inputs) {
    const out = d.decide(state, e);
    state = d.evolve(state, e);
    for (const o of out) state = d.evolve(state, o);
    outputs.push(...out);
  }
  return { state, outputs };
}

/** A toy service of `name`/main reading the 1m candles of `symbol`, silent; tests override what they exercise. */
export function toyService(natsUrl: string, name: string, symbol: string, over: Partial<ServiceOptions<ToyState, ToyConfig>> = {}): ServiceOptions<ToyState, ToyConfig> {
  return {
    name,
    instance: 'main',
    decider: createToyDecider,
    inputs: [{ filter: subjects.candle('binance', symbol, '1m') }],
    configSchema: ToyConfigSchema,
    defaultConfig: TOY_DEFAULTS,
    natsUrl,
    logger: pino({ level: 'silent' }),
    heartbeatMs: 100,
    ...over,
  };
}
