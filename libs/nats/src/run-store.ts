import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Objm, type ObjectStore } from '@nats-io/obj';
import {
  createEvent,
  eventId,
  ID_PATTERN,
  MAX_TOKEN_LENGTH,
  OBJECT_STORES,
  filters,
  decodeEvent,
  RUN_KINDS,
  RUN_STATUSES,
  subjects,
  type Envelope,
  type RunLifecyclePayload,
} from '@helios/contracts';
import { publishEvent } from './publisher';
import { replay } from './replay';
import { foldRunEvent, numericMetrics, startParams, type RecordedRun, type RunKind, type RunStart } from './run-store-summary';

export * from './run-store-summary';

export interface RunStoreOptions {
  /** `src` of the lifecycle events: who ran it (`cli`, `supervisor`). */
  src: string;
  /** Wall clock for start and finish times (runs are I/O: recording them may read the clock). */
  now?: () => number;
}

export interface RunFinish {
  /** The full result JSON, stored in the artifacts object store. */
  result: unknown;
  /** Headline numbers for lists (non-numbers and non-finite values are dropped). */
  metrics?: Record<string, unknown>;
  /** Every parameter's value as the run used it, when the start only knew the given ones. */
  params?: Record<string, number>;
}

const RESULT_NAME = (runId: string) => `runs/${runId}/result.json`;
const RUN_ID = new RegExp(ID_PATTERN);
const isRunId = (runId: string): boolean => RUN_ID.test(runId) && runId.length <= MAX_TOKEN_LENGTH;

/**
 * Records backtests, sweeps and replays (docs/adr, "Run recording"): lifecycle events on
 * `run.<runId>.<status>` (stream RUNS) and the result JSON in the artifacts object store. The events
 * are the index: listing folds them; a run's detail adds its stored result.
 */
export class RunStore {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly objects: ObjectStore,
    private readonly opts: Required<RunStoreOptions>,
  ) {}

  /** Opens the store on a server whose Helios topology exists (RUNS stream, artifacts bucket). */
  static async open(nc: NatsConnection, opts: RunStoreOptions): Promise<RunStore> {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    let objects: ObjectStore;
    try {
      objects = await new Objm(js).open(OBJECT_STORES.artifacts);
    } catch (error) {
      throw new Error(`run store: cannot open the object store ${OBJECT_STORES.artifacts} (is the Helios topology declared? helios up does it): ${(error as Error).message}`);
    }
    return new RunStore(js, jsm, objects, { now: () => Date.now(), ...opts });
  }

  /** A fresh run id: kind, UTC time and random hex, e.g. `backtest-20240102T030405-9f2c1a`. */
  newRunId(kind: RunKind): string {
    const stamp = new Date(this.opts.now()).toISOString().replace(/[-:]/g, '').slice(0, 15);
    return `${kind}-${stamp}-${randomBytes(3).toString('hex')}`;
  }

  /** Publishes the `running` event; returns the run as recorded. */
  async start(start: RunStart): Promise<RecordedRun> {
    if (!(RUN_KINDS as readonly string[]).includes(start.kind)) throw new Error(`run store: unknown run kind ${JSON.stringify(start.kind)} (kinds: ${RUN_KINDS.join(', ')})`);
    const runId = start.runId ?? this.newRunId(start.kind);
    if (!isRunId(runId)) throw new Error(`run store: run id ${JSON.stringify(runId)} must be letters, digits, - and _ (at most 64)`);
    const payload: RunLifecyclePayload = { runId, kind: start.kind, status: 'running', params: startParams(start) };
    const ts = await this.publish(payload);
    return foldRunEvent(undefined, payload, ts);
  }

  /** Stores the result, then publishes `completed` with the headline metrics and the object name. */
  async complete(run: Pick<RecordedRun, 'runId' | 'kind'>, finish: RunFinish): Promise<void> {
    const artifact = RESULT_NAME(run.runId);
    const bytes = new TextEncoder().encode(JSON.stringify(finish.result));
    await this.objects.putBlob({ name: artifact, description: `result of ${run.kind} ${run.runId}` }, bytes);
    const payload: RunLifecyclePayload = { runId: run.runId, kind: run.kind, status: 'completed', artifact };
    if (finish.metrics !== undefined) payload.metrics = numericMetrics(finish.metrics);
    if (finish.params !== undefined) payload.params = { params: finish.params };
    await this.publish(payload);
  }

  async fail(run: Pick<RecordedRun, 'runId' | 'kind'>, error: unknown): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 4096) || 'failed';
    await this.publish({ runId: run.runId, kind: run.kind, status: 'failed', error: message });
  }

  /**
   * Runs `work` as a recorded run: `running`, then `completed` with its result, or `failed` with the
   * error (which is rethrown). Returns what `work` returned and the run id.
   */
  async record<T>(start: RunStart, work: (runId: string) => Promise<T>, finish: (value: T) => RunFinish): Promise<{ runId: string; value: T }> {
    const run = await this.start(start);
    let value: T;
    try {
      value = await work(run.runId);
    } catch (error) {
      await this.fail(run, error);
      throw error;
    }
    await this.complete(run, finish(value));
    return { runId: run.runId, value };
  }

  /** Every recorded run, newest start first. */
  async list(): Promise<RecordedRun[]> {
    const runs = await this.fold(filters.allRuns);
    return [...runs.values()].sort((a, b) => b.startedAt - a.startedAt || (a.runId < b.runId ? -1 : 1));
  }

  /** One run, or undefined when no event of it exists. */
  async get(runId: string): Promise<RecordedRun | undefined> {
    if (!isRunId(runId)) return undefined;
    // A direct read of each status subject's last message: no consumer, and no scan of other runs.
    const found: Array<{ seq: number; event: Envelope<RunLifecyclePayload> }> = [];
    for (const status of RUN_STATUSES) {
      const msg = await this.jsm.streams.getMessage('RUNS', { last_by_subj: subjects.run(runId, status) }).catch(() => null);
      if (msg === null) continue;
      const decoded = decodeEvent(msg.data);
      if (decoded.ok && decoded.event.type === 'run.lifecycle') found.push({ seq: msg.seq, event: decoded.event as Envelope<RunLifecyclePayload> });
    }
    let run: RecordedRun | undefined;
    for (const { event } of found.sort((a, b) => a.seq - b.seq)) run = foldRunEvent(run, event.payload, event.ts);
    return run;
  }

  /** The stored result JSON of a run, or undefined when it has none. */
  async result(run: Pick<RecordedRun, 'artifact'>): Promise<unknown> {
    if (run.artifact === undefined) return undefined;
    const bytes = await this.objects.getBlob(run.artifact);
    return bytes === null ? undefined : JSON.parse(new TextDecoder().decode(bytes));
  }

  private async fold(filter: string): Promise<Map<string, RecordedRun>> {
    const runs = new Map<string, RecordedRun>();
    for await (const record of replay<Envelope<RunLifecyclePayload>>(this.js, this.jsm, { filter, from: { kind: 'all' }, stream: 'RUNS' })) {
      // A message that is not a valid lifecycle event is not a run; the stream keeps it for inspection.
      if (!record.ok || record.event.type !== 'run.lifecycle') continue;
      const p = record.event.payload;
      runs.set(p.runId, foldRunEvent(runs.get(p.runId), p, record.event.ts));
    }
    return runs;
  }

  private async publish(payload: RunLifecyclePayload): Promise<number> {
    const ts = this.opts.now();
    const event = createEvent('run.lifecycle', payload, {
      id: eventId('run', payload.runId, payload.status),
      ts,
      src: this.opts.src,
      run: payload.runId,
    });
    await publishEvent(this.js, subjects.run(payload.runId, payload.status), event);
    return ts;
  }
}
