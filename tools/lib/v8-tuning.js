// V8 settings every Helios process runs with (the apps through app-entry.js, the backtest benchmark
// on its command line). Why: the per-event paths (five deciders, the run hash, the service shell)
// are many small functions across modules; TurboFan's default inlining budget (460 bytecodes per
// callee, 920 per function) stops short of them, and raising it made the backtest pipeline ~10%
// faster (ADR 0006, "Fourth pass"). A flag already given on the node command line or in
// NODE_OPTIONS wins over these; HELIOS_V8_TUNING=0 leaves V8's defaults (to compare, or to rule
// the tuning out).
const v8 = require('node:v8');

const V8_TUNING_FLAGS = Object.freeze([
  '--max-inlined-bytecode-size=1500',
  '--max-inlined-bytecode-size-cumulative=5000',
  '--max-inlined-bytecode-size-absolute=10000',
]);

/** The flags whose name the user has not set already (none with HELIOS_V8_TUNING=0). */
function pendingFlags(given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)], env = process.env) {
  if (env.HELIOS_V8_TUNING === '0') return [];
  const named = new Set(given.map((flag) => flag.split('=')[0].replace(/_/g, '-')));
  return V8_TUNING_FLAGS.filter((flag) => !named.has(flag.split('=')[0]));
}

let applied = [];

/** Sets the tuning flags in this process and returns them; must run before the hot code is compiled (first thing at start-up). */
function applyV8Tuning() {
  applied = pendingFlags();
  for (const flag of applied) v8.setFlagsFromString(flag);
  return applied;
}

/** What applyV8Tuning set in this process (none before it ran). */
function appliedFlags() {
  return applied.slice();
}

module.exports = { V8_TUNING_FLAGS, pendingFlags, applyV8Tuning, appliedFlags };
