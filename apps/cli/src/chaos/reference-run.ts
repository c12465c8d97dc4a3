import type { Decider } from '@helios/domain-core';
import { createExchangeDecider } from '@helios/domain-exchange';
import { createOrdersDecider, ORDERS_INPUT_TYPES } from '@helios/domain-orders';
import { createPortfolioDecider, summaryOf, type PortfolioState } from '@helios/domain-portfolio';
import { createRiskDecider, RISK_INPUT_TYPES, type RiskConfigInput } from '@helios/domain-risk';
import { strategyDecider } from '@helios/domain-strategy';
import { instantiateTemplate } from '@helios/strategy-dsl';
import { DEMO_SYMBOL, DEMO_TF, type DemoStrategy, type HeliosEvent } from '@helios/contracts';

interface Stage {
  name: string;
  inputs: ReadonlySet<string>;
  // Deciders of different state and event types side by side.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  decider: Decider<any, any, any>;
  state: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const stage = (name: string, decider: Decider<any, any, any>, inputs: readonly string[]): Stage => ({ name, decider, inputs: new Set(inputs), state: decider.initialState() });

export interface ReferenceConfig {
  strategies: readonly DemoStrategy[];
  /** KV `risk.limits` as the risk gate reads it: `limitsVersion` is the entry's revision. */
  riskLimits: RiskConfigInput;
  orderEngine: Record<string, unknown>;
  exchange: Record<string, unknown>;
  portfolio: Record<string, unknown>;
}

export interface ReferenceRun {
  /** Every event, candles included, in the order the reference produced them. */
  events: HeliosEvent[];
  /** realized - fees + unrealized over all strategies: what the portfolio service reports. */
  pnl: number;
  portfolio: PortfolioState;
}

/**
 * The uninterrupted in-process run: the services' deciders with the services' configurations, fed
 * the candles the drill's market-data stored. Delivery is breadth first (every consumer of an
 * event, then the events they emitted, in that order), which is how events reach the services
 * across the broker when every bar settles before the next: a service sees a bar before the fills
 * and P&L that bar causes elsewhere. (`runBacktest`'s depth-first order is the backtest's own
 * convention; the final P&L is the same either way, the P&L events in between are not.)
 */
export function runReference(candles: readonly HeliosEvent[], config: ReferenceConfig): ReferenceRun {
  const portfolio = stage('portfolio', createPortfolioDecider({ ...config.portfolio, emitEveryBar: true }), ['order.fill', 'order.new', 'order.reject', 'order.cancel', 'md.candle']);
  const stages: Stage[] = [
    stage('paper-exchange', createExchangeDecider(config.exchange), ['order.new', 'md.candle', 'md.tick']),
    portfolio,
    stage('risk-gate', createRiskDecider(config.riskLimits), RISK_INPUT_TYPES),
    stage('order-engine', createOrdersDecider(config.orderEngine), ORDERS_INPUT_TYPES),
    ...config.strategies.map((s) => {
      const { graph } = instantiateTemplate(s.template, { params: { ...s.params }, instruments: [DEMO_SYMBOL], timeframe: DEMO_TF });
      return stage(`strategy-runner/${s.id}`, strategyDecider({ strategyId: s.id, instruments: [DEMO_SYMBOL], timeframe: DEMO_TF, graph }), ['md.candle']);
    }),
  ];
  const events: HeliosEvent[] = [];
  for (const candle of candles) {
    const queue: Array<{ event: HeliosEvent; from: Stage | undefined }> = [{ event: candle, from: undefined }];
    events.push(candle);
    for (let head = 0; head < queue.length; head++) {
      const { event, from } = queue[head];
      for (const s of stages) {
        if (s === from || !s.inputs.has(event.type)) continue;
        const outputs = s.decider.decide(s.state, event) as HeliosEvent[];
        let state = s.decider.evolve(s.state, event);
        for (const o of outputs) state = s.decider.evolve(state, o);
        s.state = state;
        for (const o of outputs) {
          events.push(o);
          queue.push({ event: o, from: s });
        }
      }
    }
  }
  const state = portfolio.state as PortfolioState;
  const s = summaryOf(state);
  return { events, pnl: s.realized - s.fees + s.unrealized, portfolio: state };
}
