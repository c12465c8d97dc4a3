import { derivedId, registry, type EventPayloads, type EventType, type HeliosEvent } from '@helios/contracts';

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
  return {
    id: derivedId(cause.id, scope === undefined ? type : `${type}@${scope}`, index),
    type,
    v: registry.currentVersion(type),
    ts: cause.ts,
    src,
    run: cause.run,
    corr: cause.corr ?? cause.id,
    cause: cause.id,
    payload,
  } as HeliosEvent<T>;
}
