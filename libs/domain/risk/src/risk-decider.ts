import type { HeliosEvent, RiskRejectedPayload, Target } from '@helios/contracts';
import { derive, type Decider } from '@helios/domain-core';
import { intentContext } from './intent-context';
import { resolveRiskConfig, type RiskConfig, type RiskConfigInput } from './risk-config';
import { riskEvolver } from './risk-evolve';
import { initialRiskState, type RiskState } from './risk-state';
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
 * Global halt (`risk.halt`, halted: true): every target is rejected, flattening included. The halt
 * is the operator's "no order leaves" switch; the order engine also stops sending while halted, so
 * an approval already in flight cannot slip through. Automatic de-risking is the drawdown halt's
 * job, which lets flattening targets pass.
 *
 * `evolve` mutates the state in place and returns it. Deliver each event once: the gate's own
 * outputs are folded in by `step` and are not inputs (`RISK_INPUT_TYPES`); folding an approval twice
 * would count it twice against the order rate.
 */
export function createRiskDecider(input?: RiskConfigInput): RiskDecider {
  const config = resolveRiskConfig(input);
  return {
    name: 'risk',
    config,
    initialState: initialRiskState,
    decide: (state, e) => (e.type === 'strategy.intent' ? decideIntent(config, state, e) : NOTHING),
    evolve: riskEvolver(config),
  };
}

function decideIntent(config: RiskConfig, state: RiskState, e: HeliosEvent<'strategy.intent'>): RiskOutput[] {
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
