import { createRiskDecider, RISK_INPUT_TYPES, RiskConfigSchema, riskSnapshotHooks, type RiskConfigInput, type RiskState } from '@helios/domain-risk';
import type { ServiceDecider, ServiceProcessSpec } from '@helios/nest';

/** Restored order-rate windows keep the capacity they had, as they do across a reconfigure. */
export function riskGateDecider(config: RiskConfigInput): ServiceDecider<RiskState> {
  return { ...createRiskDecider(config), ...riskSnapshotHooks };
}

/**
 * The risk gate on the service shell: intents, marks, order and P&L events and `risk.halt` in;
 * `risk.approved` / `risk.rejected` out, by the risk decider of libs/domain/risk. Run through
 * `runRiskGate` (leader election), never `runServiceProcess`: only the leader may consume.
 * Each term starts from the last snapshot and replays only the tail of the input streams.
 */
export const riskGateService: ServiceProcessSpec<RiskState, RiskConfigInput> = {
  name: 'risk-gate',
  description: 'Risk gate: nets strategy intents, applies limits and the global halt; the only publisher of risk.approved (libs/domain/risk).',
  decider: riskGateDecider,
  inputs: RISK_INPUT_TYPES,
  configSchema: RiskConfigSchema,
  // No limits: every strategy is unknown and rejected (fail closed) until risk.limits names it.
  defaultConfig: {},
  run: 'paper',
};
