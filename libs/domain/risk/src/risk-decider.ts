import type { HeliosEvent, RiskRejectedPayload, Target } from '@helios/contracts';
import { derive, type Decider } from '@helios/domain-core';
import { intentContext } from './intent-context';
import { mayRelease, mustHold, type Intent } from './intent-hold';
import { decideLiquidation } from './liquidation';
import { liquidates, resolveRiskConfig, type RiskConfig, type RiskConfigInput } from './risk-config';
import { evolveRisk, riskEvolver } from './risk-evolve';
import { forkRiskState, initialRiskState, type RiskState } from './risk-state';
import { checkTarget } from './target-check';

/**
 * Event types the risk decider reads. Beyond ADR 0005's list it reads `order.new` (to learn which
 * strategy owns a client order id: `order.fill` carries no strategy), `order.cancel`/`order.reject`
 * (to forget finished orders), `md.tick` (a fresher mark than a candle) and `pnl.global` (portfolio
 * equity for the portfolio drawdown and gross-exposure-multiple limits).
 */
export const RISK_INPUT_TYPES = [
  'strategy.intent',
  'md.candle',
  'md.tick',
  'order.new',
  'order.fill',
  'order.cancel',
  'order.reject',
  'pnl.update',
  'pnl.global',
  'risk.halt',
] as const;
export type RiskInputType = (typeof RISK_INPUT_TYPES)[number];
export type RiskInput = HeliosEvent<RiskInputType>;
export type RiskOutput = HeliosEvent<'risk.approved' | 'risk.rejected'>;

export interface RiskDecider extends Decider<RiskState, RiskInput, RiskOutput> {
  readonly config: RiskConfig;
}

// Most inputs (every candle) produce nothing; one frozen array spares an allocation per bar.
const NOTHING: RiskOutput[] = Object.freeze([]) as unknown as RiskOutput[];

/**
 * The risk gate as a decider. Per intent: one `risk.approved` (index 0) with every target that
 * passed, scaled by the strategy's allocation and possibly clipped, and one `risk.rejected` per
 * refused target (index = the target's index in the intent), listing every rule that fired.
 * Targets are judged independently: a multi-leg intent can be partly approved.
 *
 * An intent that reaches the gate before its own bar's price is held and decided when the price
 * arrives, with the same ids, on the state it would have met had the price come first
 * (`intent-hold.ts`): the decisions do not depend on which consumer delivered first.
 *
 * Global halt (`risk.halt`, halted: true): every target is rejected, flattening included, held
 * intents too (the halt releases them into rejections). The halt is the operator's "no order
 * leaves" switch; the order engine also stops sending while halted, so an approval already in
 * flight cannot slip through. Automatic de-risking is the drawdown limits' job: their halt lets
 * flattening targets pass, and their liquidation level has the gate approve targets of 0 itself, on
 * the P&L event that reaches it (`liquidation.ts`).
 *
 * `evolve` mutates the state in place and returns it. Deliver each event once: the gate's own
 * outputs are folded in by `step` and are not inputs (`RISK_INPUT_TYPES`); folding an approval twice
 * would count it twice against the order rate.
 */
export function createRiskDecider(input?: RiskConfigInput): RiskDecider {
  const config = resolveRiskConfig(input);
  // Known once: without a liquidation level, P&L events decide nothing (a backtest has one per bar held).
  const liquidating = liquidates(config);
  return {
    name: 'risk',
    config,
    initialState: initialRiskState,
    decide: (state, e) => {
      if (e.type === 'strategy.intent') return mustHold(state, e) ? NOTHING : decideIntent(config, state, e);
      if (liquidating && (e.type === 'pnl.update' || e.type === 'pnl.global')) return decideLiquidation(config, state, e);
      return state.held.length === 0 ? NOTHING : decideReleased(config, state, e);
    },
    evolve: riskEvolver(config),
  };
}

/**
 * The decisions of the held intents `e` releases, each made on the state after the previous one's
 * outputs, as if each had arrived just after `e`. Made on a fork: `decide` must not change the
 * state, and `evolve` then takes the same intents out of the held list while `step` folds these
 * outputs in.
 */
function decideReleased(config: RiskConfig, state: RiskState, e: RiskInput): RiskOutput[] {
  if (!mayRelease(config, state, e)) return NOTHING;
  const fork = forkRiskState(state, e);
  const outputs: RiskOutput[] = [];
  for (const intent of evolveRisk(config, fork, e)) {
    for (const o of decideIntent(config, fork, intent)) {
      evolveRisk(config, fork, o);
      outputs.push(o);
    }
  }
  return outputs;
}

function decideIntent(config: RiskConfig, state: RiskState, e: Intent): RiskOutput[] {
  const cx = intentContext(config, state, e);
  const { strategyId, targets } = e.payload;
  const approved: Target[] = [];
  const outputs: RiskOutput[] = [];
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i];
    const verdict = checkTarget(cx, t);
    if (verdict.approved) {
      approved.push(verdict.approved);
      continue;
    }
    // Keys in schema order, so equal rejections encode to equal bytes.
    const payload = { strategyId, instrument: t.instrument } as RiskRejectedPayload;
    if (t.qty !== undefined) payload.requestedQty = t.qty;
    if (t.weight !== undefined) payload.requestedWeight = t.weight;
    payload.reasons = verdict.reasons.slice();
    outputs.push(derive(e, 'risk.rejected', i, config.src, payload));
  }
  if (approved.length > 0) {
    outputs.unshift(derive(e, 'risk.approved', 0, config.src, { strategyId, targets: approved, limitsVersion: config.limitsVersion }));
  }
  return outputs;
}
