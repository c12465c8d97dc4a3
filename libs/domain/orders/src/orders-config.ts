import { Type, type Static } from 'typebox';
import { describeIssues, ID_PATTERN, schemaIssues, type ValidationIssue } from '@helios/contracts';
import { makeLot, type Lot } from './lot';

const Positive = (description: string) => Type.Number({ exclusiveMinimum: 0, description });
const IdKey = () => Type.String({ pattern: ID_PATTERN });

export const OrdersConfigSchema = Type.Object(
  {
    account: Type.Optional(Type.String({ pattern: ID_PATTERN, minLength: 1, maxLength: 64, description: 'The one trading account orders go to.' })),
    src: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    defaultLotSize: Type.Optional(Positive('Lot size of instruments not listed in lotSizes.')),
    lotSizes: Type.Optional(Type.Record(IdKey(), Positive('Lot size of the instrument.'), { additionalProperties: false })),
    initialCapital: Type.Optional(Positive('Cash of every strategy before its first fill, unless listed in strategies.')),
    strategies: Type.Optional(
      Type.Record(IdKey(), Type.Object({ initialCapital: Positive('Cash of the strategy before its first fill.') }, { additionalProperties: false }), {
        additionalProperties: false,
      }),
    ),
    retainTerminalOrders: Type.Optional(Type.Integer({ minimum: 0, description: 'Finished orders kept to recognise late events.' })),
    maxAnomalies: Type.Optional(Type.Integer({ minimum: 1, description: 'Most recent anomalies kept in the state.' })),
  },
  { additionalProperties: false },
);
export type OrdersConfigInput = Static<typeof OrdersConfigSchema>;

export interface OrdersConfig {
  readonly account: string;
  readonly src: string;
  readonly defaultLot: Lot;
  readonly lots: ReadonlyMap<string, Lot>;
  /** NaN when not configured. */
  readonly initialCapital: number;
  readonly strategyCapital: ReadonlyMap<string, number>;
  readonly retainTerminalOrders: number;
  readonly maxAnomalies: number;
}

export const DEFAULT_ACCOUNT = 'paper';
export const DEFAULT_ORDERS_SRC = 'order-engine';
/**
 * One satoshi, the finest step of the crypto venues Helios targets first. Instruments traded in
 * whole units (shares, contracts) need their lot in `lotSizes` or `defaultLotSize`; the backtest
 * CLI passes its `--lot-size` as `defaultLotSize`.
 */
export const DEFAULT_LOT_SIZE = 1e-8;

export class OrdersConfigError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`orders config is invalid: ${describeIssues(issues)}`);
    this.name = 'OrdersConfigError';
  }
}

/** Validates a user config and applies the defaults; throws OrdersConfigError naming every bad field. */
export function resolveOrdersConfig(input: OrdersConfigInput = {}): OrdersConfig {
  const issues = schemaIssues(OrdersConfigSchema, input);
  if (issues.length > 0) throw new OrdersConfigError(issues);
  const lots = new Map<string, Lot>();
  for (const [instrument, size] of Object.entries(input.lotSizes ?? {})) lots.set(instrument, makeLot(size));
  const strategyCapital = new Map<string, number>();
  for (const [id, s] of Object.entries(input.strategies ?? {})) strategyCapital.set(id, s.initialCapital);
  return {
    account: input.account ?? DEFAULT_ACCOUNT,
    src: input.src ?? DEFAULT_ORDERS_SRC,
    defaultLot: makeLot(input.defaultLotSize ?? DEFAULT_LOT_SIZE),
    lots,
    initialCapital: input.initialCapital ?? NaN,
    strategyCapital,
    retainTerminalOrders: input.retainTerminalOrders ?? 10_000,
    maxAnomalies: input.maxAnomalies ?? 100,
  };
}

export function lotFor(config: OrdersConfig, instrument: string): Lot {
  return config.lots.get(instrument) ?? config.defaultLot;
}

export function initialCapitalOf(config: OrdersConfig, strategyId: string): number {
  return config.strategyCapital.get(strategyId) ?? config.initialCapital;
}
