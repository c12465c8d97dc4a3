import { ORDERS_INPUT_TYPES } from '@helios/domain-orders';
import { RISK_INPUT_TYPES } from '@helios/domain-risk';
import { EXCHANGE_INPUTS, PORTFOLIO_INPUTS } from '@helios/kernel';

/** A stage of the backtest pipeline and the service process that runs its decider. */
export interface ReplayStage {
  /** The stage's name in `runBacktest`. */
  readonly stage: 'exchange' | 'portfolio' | 'risk' | 'orders' | 'strategy';
  readonly service: 'paper-exchange' | 'portfolio' | 'risk-gate' | 'order-engine' | 'strategy-runner';
  /** Event types the backtest delivers to this stage. */
  readonly inputs: readonly string[];
}

/**
 * Stages in `runBacktest`'s delivery order (exchange, portfolio, risk, orders, strategy): the
 * driver delivers each event to them in this order, depth first, exactly as SyncPipeline does.
 */
export const REPLAY_STAGES: readonly ReplayStage[] = [
  { stage: 'exchange', service: 'paper-exchange', inputs: EXCHANGE_INPUTS },
  { stage: 'portfolio', service: 'portfolio', inputs: PORTFOLIO_INPUTS },
  { stage: 'risk', service: 'risk-gate', inputs: RISK_INPUT_TYPES },
  { stage: 'orders', service: 'order-engine', inputs: ORDERS_INPUT_TYPES },
  { stage: 'strategy', service: 'strategy-runner', inputs: ['md.candle'] },
];

/** The stages an event of `type` goes to, in delivery order. */
export function routeOf(type: string): readonly ReplayStage[] {
  return REPLAY_STAGES.filter((s) => s.inputs.includes(type));
}

/** The scope token a service's feed lives under: `bt.<run>--<service>.<subject>`. */
export function feedScope(scope: string, service: string): string {
  return `${scope}--${service}`;
}
