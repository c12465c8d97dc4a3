import { subjectMatches } from './subject-wildcards';

export { filtersOverlap, subjectMatches } from './subject-wildcards';
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
