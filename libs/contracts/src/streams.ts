/** JetStream streams and the subjects each one captures. No subject can match two streams. */
export const STREAMS = {
  MD: ['md.>'],
  INDICATOR: ['indicator.>'],
  STRATEGY: ['strategy.>'],
  ML: ['ml.>'],
  RISK: ['risk.approved.>', 'risk.rejected.>', 'risk.halt'],
  ORDER: ['order.>'],
  PNL: ['pnl.>', 'risk.violation.>'],
  SYSTEM: ['system.>'],
  RUNS: ['run.>'],
  BT: ['bt.>'],
} as const satisfies Record<string, readonly string[]>;
export type StreamName = keyof typeof STREAMS;
export const STREAM_NAMES = Object.keys(STREAMS) as readonly StreamName[];

export const KV_BUCKETS = {
  config: 'helios-config',
  snapshots: 'helios-snapshots',
  leases: 'helios-leases',
  health: 'helios-health',
} as const;

export const OBJECT_STORES = {
  artifacts: 'helios-artifacts',
} as const;

/** NATS wildcard matching: `*` matches one token, a trailing `>` one or more. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return i === f.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}

/** True when some subject matches both filters. */
export function filtersOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === '>' || y[i] === '>') return i < x.length && i < y.length;
    if (i >= x.length || i >= y.length) return false;
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
  return true;
}

/** The one stream that stores `subject`; throws when no stream captures it. */
export function streamOf(subject: string): StreamName {
  const owners = STREAM_NAMES.filter((name) => STREAMS[name].some((f) => subjectMatches(f, subject)));
  if (owners.length !== 1) {
    throw new Error(
      owners.length === 0
        ? `streamOf: no stream captures subject ${JSON.stringify(subject)}`
        : `streamOf: subject ${JSON.stringify(subject)} matches several streams (${owners.join(', ')})`,
    );
  }
  return owners[0];
}
