import type { KV } from '@nats-io/kv';
import { casUpdate, encodeJson, getJson, isCasConflict, type JsonParser } from './kv-cas';

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

/**
 * A snapshot as it will be stored: its JSON, taken when `encode` was called (later changes to the
 * state object are not in it), with the covered sequences the store checks before writing.
 */
export interface EncodedSnapshot {
  readonly covered: Readonly<Record<string, number>>;
  readonly version: number;
  readonly data: Uint8Array;
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

type Covering = Pick<Snapshot<unknown>, 'covered'>;

function firstRegression(key: string, stored: Covering, next: Covering): SnapshotRegressionError | null {
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
 *
 * The store remembers the revision and covered sequences of the last snapshot it wrote or loaded per
 * key, so a service that is the key's only writer saves with one request (checked against what it
 * remembers) instead of reading and parsing the whole stored snapshot first; a conflict (somebody else
 * wrote) falls back to reading the stored one.
 */
export class SnapshotStore<S> {
  private readonly known = new Map<string, { revision: number; covered: Readonly<Record<string, number>> }>();

  constructor(
    private readonly kv: KV,
    private readonly parseState?: JsonParser<S>,
  ) {}

  /** Checks the snapshot and encodes it once, now: what `saveEncoded` stores is the state as it is at this call. */
  encode(key: string, snapshot: Snapshot<S>): EncodedSnapshot {
    checkSnapshot(key, 'save', snapshot);
    const covered = { ...snapshot.covered };
    return { covered, version: snapshot.version, data: encodeJson({ state: snapshot.state, covered, version: snapshot.version }) };
  }

  /** Stores the snapshot; returns its revision. Throws `SnapshotRegressionError` if it is older. */
  async save(key: string, snapshot: Snapshot<S>): Promise<number> {
    return this.saveEncoded(key, this.encode(key, snapshot));
  }

  /** Stores a snapshot `encode` made; returns its revision. Throws `SnapshotRegressionError` if it is older. */
  async saveEncoded(key: string, snapshot: EncodedSnapshot): Promise<number> {
    const known = this.known.get(key);
    if (known !== undefined) {
      const regression = firstRegression(key, known, snapshot);
      if (regression) throw regression;
      try {
        return this.remember(key, await this.kv.update(key, snapshot.data, known.revision), snapshot.covered);
      } catch (err) {
        if (!isCasConflict(err)) throw err;
        this.known.delete(key);
      }
    }
    const written = await casUpdate<Snapshot<S>, EncodedSnapshot>(
      this.kv,
      key,
      (stored, revision) => {
        // What is stored now is known from here on, also when this save is refused.
        if (stored !== null && revision !== undefined) this.remember(key, revision, stored.covered);
        const regression = stored && firstRegression(key, stored, snapshot);
        if (regression) throw regression;
        return snapshot;
      },
      { parse: (raw) => this.parse(key, raw), encode: (next) => next.data },
    );
    return this.remember(key, written.revision, snapshot.covered);
  }

  /** The latest snapshot, or null if none was saved (or it was deleted). */
  async load(key: string): Promise<StoredSnapshot<S> | null> {
    const entry = await getJson<Snapshot<S>>(this.kv, key, (raw) => this.parse(key, raw));
    if (entry === null) return null;
    this.remember(key, entry.revision, { ...entry.value.covered });
    return { ...entry.value, revision: entry.revision };
  }

  private remember(key: string, revision: number, covered: Readonly<Record<string, number>>): number {
    this.known.set(key, { revision, covered });
    return revision;
  }

  private parse(key: string, raw: unknown): Snapshot<S> {
    checkSnapshot(key, 'stored', raw);
    return this.parseState ? { ...raw, state: this.parseState(raw.state) } : (raw as Snapshot<S>);
  }
}
