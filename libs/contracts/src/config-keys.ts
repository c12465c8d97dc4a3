/** Keys of KV `helios-config` that more than one process reads or writes. */

/** The global halt switch (`{ halted, reason, by }` JSON), read by the risk gate, written by `helios halt` and the supervisor. */
export const HALT_KEY = 'risk.halt';
/** The risk limits (`RiskConfigInput` JSON), read by the risk gate, written by the demo, the benchmarks and the supervisor. */
export const LIMITS_KEY = 'risk.limits';
