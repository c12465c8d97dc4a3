import { derivedId, registry, type EventPayloads, type EventType, type HeliosEvent } from '@helios/contracts';

// Looking a version up in the registry costs two keyed lookups of a dynamic key; derive runs for
// every derived event of a backtest, and the registry never changes while the process runs.
const versions = new Map<string, number>();

function currentVersion(type: EventType): number {
  let v = versions.get(type);
  if (v === undefined) versions.set(type, (v = registry.currentVersion(type)));
  return v;
}

// The last scoped type: a decider derives with one scope again and again, and building the string
// anew each time would also make murmur3 flatten a fresh concatenation on every id.
let lastType = '';
let lastScope = '';
let lastScoped = '';

function scopedType(type: string, scope: string): string {
  if (type !== lastType || scope !== lastScope) {
    lastType = type;
    lastScope = scope;
    lastScoped = `${type}@${scope}`;
  }
  return lastScoped;
}

/**
 * Builds the `index`-th event of `type` caused by `cause`: id = hash(cause.id, type, index), event time
 * and run from the cause, correlation from the cause's correlation (or the cause itself). Domain
 * outputs are not re-validated here (that costs more than the rest of a backtest step); every
 * consumer validates at its edge, and the deciders' tests validate what they produce.
 */
export function derive<T extends EventType>(
  cause: HeliosEvent,
  type: T,
  index: number,
  src: string,
  payload: EventPayloads[T],
  /**
   * Who decides, when several deciders of one kind react to the same cause (every strategy sees the
   * same candle): without it their outputs would share an id, and JetStream's de-duplication would
   * silently drop all but the first.
   */
  scope?: string,
): HeliosEvent<T> {
  // Read once: a backtest candle computes its id when first read (a getter).
  const causeId = cause.id;
  return {
    id: derivedId(causeId, scope === undefined ? type : scopedType(type, scope), index),
    type,
    v: currentVersion(type),
    ts: cause.ts,
    src,
    run: cause.run,
    corr: cause.corr ?? causeId,
    cause: causeId,
    payload,
  } as HeliosEvent<T>;
}
