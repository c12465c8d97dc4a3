import type { KV } from '@nats-io/kv';
import { casUpdate, getJson, type JsonParser } from './kv-cas';

/**
 * A service's state together with the last stream sequence folded into it, per stream: on start the
 * service loads it and replays each stream from `covered[stream] + 1`.
 */
export interface Snapshot<S> {
  state: S;
  covered: Record<string, number>;
  /** Version of the state's shape, so a reader can upcast an older snapshot. */
  version: number;
}

export interface StoredSnapshot<S> extends Snapshot<S> {
  /** KV revision of the stored snapshot. */
  revision: number;
}

/** A save would have replaced a snapshot that covers more of a stream than the new one. */
export class SnapshotRegressionError extends Error {
  constructor(
    readonly key: string,
    readonly stream: string,
    readonly storedSeq: number,
    readonly newSeq: number | undefined,
  ) {
    super(
      newSeq === undefined
        ? `snapshot ${key}: refused, the stored snapshot covers ${stream} up to ${storedSeq} and the new one does not cover ${stream}`
        : `snapshot ${key}: refused, covered[${stream}] would go backwards from ${storedSeq} to ${newSeq}`,
    );
    this.name = 'SnapshotRegressionError';
  }
}

function checkSnapshot(key: string, where: string, snap: unknown): asserts snap is Snapshot<unknown> {
  const fail = (what: string) => {
    throw new Error(`snapshot ${key} (${where}): ${what}`);
  };
  if (typeof snap !== 'object' || snap === null) fail('must be an object { state, covered, version }');
  const { covered, version } = snap as Partial<Snapshot<unknown>>;
  if (!('state' in (snap as object)) || (snap as Snapshot<unknown>).state === undefined) fail('state is missing');
  if (!Number.isSafeInteger(version) || (version as number) < 0) fail(`version must be an integer >= 0, got ${String(version)}`);
  if (typeof covered !== 'object' || covered === null || Array.isArray(covered)) fail('covered must be an object { stream: seq }');
  for (const [stream, seq] of Object.entries(covered as object)) {
    if (stream === '') fail('covered has an empty stream name');
    if (!Number.isSafeInteger(seq) || seq < 0) fail(`covered[${stream}] must be an integer >= 0, got ${String(seq)}`);
  }
}

function firstRegression(key: string, stored: Snapshot<unknown>, next: Snapshot<unknown>): SnapshotRegressionError | null {
  for (const [stream, storedSeq] of Object.entries(stored.covered)) {
    const newSeq = next.covered[stream];
    if (newSeq === undefined || newSeq < storedSeq) return new SnapshotRegressionError(key, stream, storedSeq, newSeq);
  }
  return null;
}

/**
 * Snapshots of service state in a KV bucket (one key per service instance or role), as JSON. Saves are
 * compare-and-set on the key's revision and refuse to move any covered sequence backwards, so two
 * instances writing the same key can never replace a newer snapshot with an older one.
 */
export class SnapshotStore<S> {
  constructor(
    private readonly kv: KV,
    private readonly parseState?: JsonParser<S>,
  ) {}

  /** Stores the snapshot; returns its revision. Throws `SnapshotRegressionError` if it is older. */
  async save(key: string, snapshot: Snapshot<S>): Promise<number> {
    checkSnapshot(key, 'save', snapshot);
    const next: Snapshot<S> = { state: snapshot.state, covered: { ...snapshot.covered }, version: snapshot.version };
    const written = await casUpdate<Snapshot<S>>(
      this.kv,
      key,
      (stored) => {
        const regression = stored && firstRegression(key, stored, next);
        if (regression) throw regression;
        return next;
      },
      { parse: (raw) => this.parse(key, raw) },
    );
    return written.revision;
  }

  /** The latest snapshot, or null if none was saved (or it was deleted). */
  async load(key: string): Promise<StoredSnapshot<S> | null> {
    const entry = await getJson<Snapshot<S>>(this.kv, key, (raw) => this.parse(key, raw));
    return entry && { ...entry.value, revision: entry.revision };
  }

  private parse(key: string, raw: unknown): Snapshot<S> {
    checkSnapshot(key, 'stored', raw);
    return this.parseState ? { ...raw, state: this.parseState(raw.state) } : (raw as Snapshot<S>);
  }
}
