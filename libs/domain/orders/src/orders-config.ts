import { describeIssues, OrdersConfigSchema, schemaIssues, type OrdersConfigInput, type ValidationIssue } from '@helios/contracts';
import { makeLot, type Lot } from './lot';

// The schema is the contracts' (libs/contracts/src/config/order-engine.ts), shared with the supervisor.
export { OrdersConfigSchema, type OrdersConfigInput };

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
