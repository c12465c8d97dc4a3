import type { HeliosEvent } from '@helios/contracts';

/**
 * What the shell runs: a pure decider (the same shape as `Decider` in libs/domain/core, restated
 * here because infrastructure may not import domain code), optionally with snapshot hooks.
 *
 * `toSnapshot` must return a JSON value describing the whole state, and `fromSnapshot` must rebuild
 * an equivalent state from it. A decider without both hooks is rebuilt on every start by replaying
 * its input streams from the beginning.
 */
export interface ServiceDecider<S> {
  readonly name: string;
  initialState(): S;
  decide(state: S, input: HeliosEvent): HeliosEvent[];
  evolve(state: S, event: HeliosEvent): S;
  toSnapshot?(state: S): unknown;
  fromSnapshot?(json: unknown): S;
  /** Version of the snapshot's shape; a stored snapshot of another version is ignored (default 1). */
  readonly snapshotVersion?: number;
}

export function hasSnapshotHooks<S>(d: ServiceDecider<S>): d is ServiceDecider<S> & Required<Pick<ServiceDecider<S>, 'toSnapshot' | 'fromSnapshot'>> {
  return typeof d.toSnapshot === 'function' && typeof d.fromSnapshot === 'function';
}
