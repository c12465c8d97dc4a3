// What other parts (the CLI, the supervisor) may use of the risk gate: the halt switch and the KV keys.
export { setHalt, checkHalt, HALT_KEY } from '@helios/nats';
export { LIMITS_KEY } from './limits';
export { RISK_GATE_LEASE_KEY } from './run-risk-gate';
