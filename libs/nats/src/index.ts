// Public API of @helios/nats. Other engineers append their exports below; keep theirs.
export * from './config-readback';
export * from './connection-options';
export * from './consumer';
export * from './durable-consumer';
export * from './ensure-topology';
export * from './instance-claim';
export * from './lease-kv';
export * from './jetstream-bus';
export * from './jetstream-errors';
export * from './kv-stored-keys';
export * from './publisher';
export * from './pub-ack-mux';
export * from './replay';
export * from './retry';
export * from './server-version';
export * from './stream-lookup';
export * from './topology';

// Coordination: KV compare-and-set, snapshots, leader election with fencing (docs/adr/0004).
export {
  casUpdate,
  CasRetriesExhaustedError,
  createJson,
  getJson,
  isCasConflict,
  isLiveEntry,
  putJson,
  updateJson,
  type CasOptions,
  type JsonEntry,
  type JsonParser,
} from './kv-cas';
export { SnapshotRegressionError, SnapshotStore, type EncodedSnapshot, type Snapshot, type StoredSnapshot } from './snapshot-store';
export { LeaderElection, type LeaderElectionEvents, type LeaseValue } from './leader-election';
export type { LeaderElectionOptions } from './leader-options';
export { fencedGet, fencedPut, StaleFencingTokenError, type FencedValue } from './leader-fencing';
// The halt switch's key is part of its API here; the keys themselves live with the contracts.
export { HALT_KEY } from '@helios/contracts';
export { checkHalt, haltEvent, haltOfEntry, NOT_HALTED, sameHalt, setHalt, unreadableHalt } from './halt-switch';
export * from './run-store';
