import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Subscription as NatsSubscription } from '@nats-io/nats-core';
import { Kvm } from '@nats-io/kv';
import type { Logger } from 'pino';
import { deadLetter, encodeEvent, KV_BUCKETS, nodeName, RUN_LIVE, subjects, type DeadLetterInput, type DecodeFailure, type HeliosEvent } from '@helios/contracts';
import { LiveClock } from '@helios/kernel';
import { describeError, InstanceClaim, instanceClaimKey, isRetryablePublishError, LeaseBucketError, MAX_EVENT_BYTES, PubAckMux, Publisher, SnapshotStore, type PublishItem } from '@helios/nats';
import { OutputWindow } from './output-window';
import { AckBatcher } from './ack-batcher';
import type { HeldDelivery } from './pipelined-consumer';
import { listenForCommands } from './command-listener';
import type { CommandOutcome } from './commands';
import { DeadLetterPublisher, type DeadLetterNotice } from './dead-letter-publisher';
import { DeciderRunner, PublishInterruptedError, type ApplyFailure } from './decider-runner';
import type { HeartbeatStatus } from './heartbeat';
import { HeartbeatSender, type HeartbeatReading } from './heartbeat-sender';
import { InputConsumers } from './input-consumers';
import { resolveInputs } from './inputs';
import { RunScope } from './run-scope';
import { LatencyWindow } from './latency-window';
import { checkStreams, configFromKv, openNatsLink, type NatsLink } from './nats-link';
import { SerialQueue } from './serial-queue';
import { SubjectTypes } from './subject-types';
import { resolveServiceConfig } from './service-config';
import { hasSnapshotHooks, type ServiceDecider } from './service-decider';
import { ServiceMetrics } from './service-metrics';
import type { ConsumerTuning, ReconfigureResult, ServiceOptions } from './service-options';
import { replayInputTail, type ValidRecord } from './startup-replay';

export type ServicePhase = 'starting' | 'replaying' | 'live' | 'paused' | 'stopping' | 'stopped';

export interface ServiceCounters {
  /** Inputs applied from the live consumers. */
  eventsIn: number;
  eventsOut: number;
  /** Inputs applied by the start-up replay. */
  replayed: number;
  /** Live deliveries skipped because the input was already applied. */
  duplicates: number;
  deadLetters: number;
  snapshots: number;
}

interface Publishers {
  outputs: Publisher;
  deadLetters: DeadLetterPublisher;
}

const SNAPSHOT_RETRY_MS = 250;
/** Output publishes awaiting their PubAck at most, over all inputs in flight (ADR 0012). */
const MAX_OUTPUTS_IN_FLIGHT = 256;
const SNAPSHOT_RETRIES = 20;
const DEFAULT_SNAPSHOT_MIN_INTERVAL_MS = 5_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function rebuildDecider<S, C>(factory: (config: C) => ServiceDecider<S>) {
  return (current: ReconfigureResult<S>, config: C): ReconfigureResult<S> => ({ decider: factory(config), state: current.state });
}

/**
 * The service shell without its HTTP face: consumers -> one queue -> decide / publish / evolve ->
 * ack; snapshots; start-up replay; heartbeats; commands. See docs/adr/0007-service-shell.md.
 */
export class ServiceRuntime<S, C> {
  readonly startedAt = Date.now();
  readonly metrics: ServiceMetrics;
  /** The node this process runs on: its instance claim's, and in its heartbeats (the supervisor asks that node's agent to start it again). */
  readonly node: string;
  httpPort: number | undefined;

  private phaseNow: ServicePhase = 'starting';
  private paused = false;
  private stopRequested = false;
  private link: NatsLink | undefined;
  private publishers: Publishers | undefined;
  private heartbeats: HeartbeatSender | undefined;
  private snapshotStore: SnapshotStore<unknown> | undefined;
  private runner: DeciderRunner<S> | undefined;
  /** Live inputs whose outputs are on their way; acks them in order once stored. */
  private window: OutputWindow | undefined;
  private configNow: C | undefined;
  private readonly consumers: InputConsumers;
  /** Unscoped, or the distributed replay run this instance belongs to. */
  private readonly scope: RunScope;
  /** Every input of every consumer, and every state change, goes through this one queue. */
  private readonly queue = new SerialQueue();
  /** Pause, resume, reconfigure and stop, one at a time. */
  private readonly control = new SerialQueue();
  private readonly latency = new LatencyWindow();
  /** Live inputs' acks, sent together at the end of each event-loop turn. */
  private readonly acks = new AckBatcher();
  private readonly subjectTypes = new SubjectTypes();
  private readonly counters: ServiceCounters = { eventsIn: 0, eventsOut: 0, replayed: 0, duplicates: 0, deadLetters: 0, snapshots: 0 };
  private commandSubs: NatsSubscription[] = [];
  private resumeWaiters: Array<() => void> = [];
  private sinceMaintenance = 0;
  private sinceSnapshot = 0;
  private maintenanceTimer: NodeJS.Timeout | undefined;
  private maintenanceRetries = 0;
  /** Not before this (performance.now()): see ServiceOptions.snapshotMinIntervalMs. */
  private nextMaintenanceAt = 0;
  /** The snapshot being written, if any: the next one is written after it. */
  private saving: Promise<boolean> = Promise.resolve(true);
  private lag = 0;
  private deadLettersAtLastBeat = 0;
  private errorBeatPending = false;
  private publishStuck = false;
  /** An evolve threw: the (mutable) state may be half-updated until the service is restarted. */
  private stateSuspect = false;
  private lastError: { at: number; message: string } | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private stopCommandListener: (() => void) | undefined;
  private claimLostListener: ((why: string) => void) | undefined;
  /** This process's claim on the service instance (none when the options switch it off or no lease bucket exists). */
  private claim: InstanceClaim | undefined;
  private claimLost: string | undefined;

  constructor(
    private readonly opts: ServiceOptions<S, C>,
    private readonly tuning: ConsumerTuning,
    readonly logger: Logger,
  ) {
    this.metrics = new ServiceMetrics(opts.name, opts.instance);
    this.node = (opts.instanceClaim === false ? undefined : opts.instanceClaim?.node) ?? nodeName(process.env, hostname());
    this.scope = RunScope.of(opts.scope, opts.inputScope, `createService(${opts.name})`);
    this.consumers = new InputConsumers(opts.name, this.scope.durableInstance(opts.instance), resolveInputs(this.scope.inputSpecs(opts.inputs), `createService(${opts.name})`));
  }

  get phase(): ServicePhase {
    return this.phaseNow;
  }

  get state(): S {
    return this.liveRunner().state;
  }

  get config(): C {
    if (this.configNow === undefined) throw new Error(`${this.opts.name}: the configuration is not loaded yet`);
    return this.configNow;
  }

  get stats(): Readonly<ServiceCounters> {
    return { ...this.counters };
  }

  /** Per input stream: the watermark every applied input is at or below, apart from `pendingAbove` ones. */
  get covered(): Record<string, { covered: number; last: number; pendingAbove: number }> {
    return this.consumers.covered();
  }

  get durables(): ReadonlyArray<{ stream: string; durable: string; filters: readonly string[] }> {
    return this.consumers.list.map(({ stream, durable, filters }) => ({ stream, durable, filters }));
  }

  /** Called once a `stop` command has been obeyed. */
  onStopCommand(listener: () => void): void {
    this.stopCommandListener = listener;
  }

  /** Why the instance claim was lost (the service then stops), or undefined. */
  get claimLostWhy(): string | undefined {
    return this.claimLost;
  }

  /** Called once the service stopped because another process took its instance claim. */
  onClaimLost(listener: (why: string) => void): void {
    this.claimLostListener = listener;
  }

  private liveRunner(): DeciderRunner<S> {
    if (this.runner === undefined) throw new Error(`${this.opts.name}: the service has not loaded its state yet`);
    return this.runner;
  }

  private liveLink(): NatsLink {
    if (this.link === undefined) throw new Error(`${this.opts.name}: not connected to NATS yet`);
    return this.link;
  }

  private livePublishers(): Publishers {
    if (this.publishers === undefined) throw new Error(`${this.opts.name}: not connected to NATS yet`);
    return this.publishers;
  }

  private get maxEventBytes(): number {
    return this.opts.maxEventBytes ?? MAX_EVENT_BYTES;
  }

  private get snapshotKey(): string {
    return this.scope.key(`${this.opts.name}.${this.opts.instance}`);
  }

  // ---- start ----------------------------------------------------------------------------------

  /** Does nothing once a stop was requested (a start aborted before it began). */
  start(): Promise<void> {
    if (this.stopRequested) return this.starting ?? Promise.resolve();
    this.starting ??= this.startUp();
    return this.starting;
  }

  /** Start-up moves the phase forward only while no stop is under way. */
  private enterPhase(phase: 'replaying' | 'live' | 'paused'): void {
    if (!this.stopRequested) this.phaseNow = phase;
  }

  private async startUp(): Promise<void> {
    const { name, instance } = this.opts;
    const link = await openNatsLink(this.opts.natsUrl, `${name}.${instance}`, name, this.logger);
    this.link = link;
    await checkStreams(link, [...this.consumers.list.map((c) => c.stream), 'SYSTEM'], name);
    this.claim = await this.claimInstance(link);
    this.publishers = {
      outputs: new Publisher(link.js, {
        deadlineMs: 5_000,
        // Every output of every input goes through here: the lean PubAck path (ADR 0012).
        acks: new PubAckMux(link.nc),
        msgIdPrefix: this.scope.scoped ? `${this.scope.run}:` : undefined,
        onRetry: (r) => this.logger.warn({ subject: r.subject, eventId: r.eventId, attempt: r.attempt, err: describeError(r.error) }, 'publish retry'),
      }),
      deadLetters: new DeadLetterPublisher(link.js, (notice) => this.onDeadLetter(notice)),
    };
    this.window = new OutputWindow({
      publish: (item, input) => this.publishOne(item, input),
      maxInFlight: MAX_OUTPUTS_IN_FLIGHT,
      workingEveryMs: Math.max(100, Math.floor(this.tuning.ackWaitMs / 2)),
      onFailure: (err, input) => this.publishFailed(err, input),
    });

    const given = this.opts.config !== undefined ? this.opts.config : await configFromKv(link, this.scope.key(`service.${name}`), this.logger);
    const config = resolveServiceConfig(this.opts.configSchema, this.opts.defaultConfig, given, `${name} configuration`);
    this.configNow = config;
    const decider = this.opts.decider(config);
    this.runner = new DeciderRunner(decider, await this.loadState(decider), {
      publish: (items, input) => this.publishOutputs(items, `replayed ${input.id}`),
      maxEventBytes: this.maxEventBytes,
      afterPublish: this.opts.hooks?.afterPublish,
      scopeSubject: this.scope.scoped ? (subject) => this.scope.subject(subject) : undefined,
    });

    this.commandSubs = listenForCommands(
      link.nc,
      name,
      instance,
      this.maxEventBytes,
      {
        pause: () => this.pause(),
        resume: () => this.resume(),
        reconfigure: (c) => this.reconfigure(c),
        stop: async () => {
          await this.stop('stop command');
          this.stopCommandListener?.();
        },
        invalid: (subject, failure) => this.deadLetterCommand(subject, failure),
      },
      this.logger,
      (subject) => this.scope.subject(subject),
    );
    this.heartbeats = new HeartbeatSender({
      service: name,
      instance,
      run: this.scope.run ?? this.opts.run ?? RUN_LIVE,
      scope: this.scope,
      startedAt: this.startedAt,
      node: this.node,
      intervalMs: this.opts.heartbeatMs ?? 1_000,
      publisher: new Publisher(link.js, { deadlineMs: 2_000, attemptTimeoutMs: 1_000 }),
      healthKv: await new Kvm(link.js).open(KV_BUCKETS.health).catch(() => undefined),
      read: () => this.readHeartbeat(),
      logger: this.logger,
    });
    this.heartbeats.start();

    if (this.stopRequested) return;
    this.enterPhase('replaying');
    if (!(await this.replayTail('start-up replay done'))) return;
    await this.consumers.ensure(link, this.tuning, `inputs of ${name}/${instance}`);
    if (this.stopRequested) return;
    if (this.paused) {
      this.enterPhase('paused');
    } else {
      await this.startConsumers();
      this.enterPhase('live');
    }
    this.metrics.up.set(this.phaseNow === 'live' ? 1 : 0);
    this.logger.info({ httpPort: this.httpPort, covered: this.covered }, 'service is live');
    void this.heartbeats.beatNow();
  }

  /**
   * Takes `instance.<service>.<instance>` in the lease bucket before anything is consumed or
   * published (InstanceClaim: one process per instance in the whole system). Refused when a process
   * of another node holds it: the start fails and says which node.
   */
  private async claimInstance(link: NatsLink): Promise<InstanceClaim | undefined> {
    const o = this.opts.instanceClaim;
    if (o === false) return undefined;
    const key = this.scope.key(instanceClaimKey(this.opts.name, this.opts.instance));
    const claim = await InstanceClaim.acquire({
      nc: link.nc,
      bucket: KV_BUCKETS.leases,
      key,
      node: this.node,
      pid: process.pid,
      ttlMs: o?.ttlMs ?? 10_000,
      onLost: (why) => {
        this.logger.error({ why }, 'instance claim lost: stopping');
        this.claimLost = why;
        void this.stop(`instance claim lost: ${why}`).then(() => this.claimLostListener?.(why));
      },
      onError: (err) => this.logger.warn({ err: describeError(err) }, 'instance claim renewal'),
    }).catch((err: unknown) => {
      if (!(err instanceof LeaseBucketError)) throw err;
      this.logger.warn({ err: err.message }, 'running without the instance claim (declare the topology: tools/up)');
      return undefined;
    });
    if (claim !== undefined) this.logger.info({ key }, 'instance claimed');
    return claim;
  }

  /** Replays the inputs after what the state covers; false when a stop came first. */
  private async replayTail(doneMessage: string): Promise<boolean> {
    const started = performance.now();
    const before = this.counters.replayed;
    const replay = await replayInputTail({
      link: this.liveLink(),
      consumers: this.consumers,
      maxEventBytes: this.maxEventBytes,
      waitWhilePaused: () => this.waitWhilePaused(),
      stopRequested: () => this.stopRequested,
      apply: (record, publish) => this.queue.run(() => this.applyReplayed(record, publish)),
    });
    if (replay.stopped || this.stopRequested) return false;
    this.logger.info({ replayed: this.counters.replayed - before, ms: Math.round(performance.now() - started) }, doneMessage);
    return true;
  }

  private async loadState(decider: ServiceDecider<S>): Promise<S> {
    if (!hasSnapshotHooks(decider)) return decider.initialState();
    this.snapshotStore = new SnapshotStore<unknown>(await new Kvm(this.liveLink().js).open(KV_BUCKETS.snapshots));
    const snap = await this.snapshotStore.load(this.snapshotKey);
    const version = decider.snapshotVersion ?? 1;
    if (snap === null) return decider.initialState();
    if (snap.version !== version) {
      this.logger.warn({ stored: snap.version, expected: version }, 'snapshot of another version ignored; replaying from the start');
      return decider.initialState();
    }
    const state = decider.fromSnapshot(snap.state);
    for (const c of this.consumers.list) c.log.coverThrough(snap.covered[c.stream] ?? 0);
    this.logger.info({ revision: snap.revision, covered: snap.covered }, 'state loaded from snapshot');
    return state;
  }

  private startConsumers(): Promise<void> {
    return this.consumers.start(
      this.liveLink(),
      {
        deadLetterService: this.opts.name,
        maxDeliver: this.tuning.maxDeliver,
        backoffMs: this.tuning.backoffMs,
        ackWaitMs: this.tuning.ackWaitMs,
        maxEventBytes: this.maxEventBytes,
        prefetch: this.tuning.prefetch,
        clock: new LiveClock(),
        publisher: this.livePublishers().deadLetters,
        onError: (err, context) => this.logger.warn({ err: describeError(err) }, context),
      },
      (delivery) => this.queue.run(() => this.handleLive(delivery)),
    );
  }

  // ---- the pipeline ---------------------------------------------------------------------------

  /**
   * Decides and evolves at once, then hands the outputs to the window, which publishes them while
   * the next inputs are decided and acks this input only once they, and every earlier input's, are
   * stored. Resolves when the window has room for the next input.
   */
  private async handleLive(d: HeldDelivery): Promise<void> {
    const window = this.liveWindow();
    // Only when stopping: left unsettled, it is replayed on the next start.
    if (window.broken) return;
    const consumer = this.consumers.of(d.stream);
    const key = `${d.stream}#${d.seq}`;
    if (consumer.log.isApplied(d.seq)) {
      this.counters.duplicates++;
      this.metrics.duplicates.inc({ stream: d.stream });
      // Applied but its outputs are not all stored yet (a redelivery after a long publish retry): ack with it.
      if (!window.joinWaiting(key, () => d.ack())) d.ack();
      return;
    }
    const misplaced = this.misplaced(d);
    if (misplaced !== undefined) {
      await d.term(misplaced);
      return;
    }
    const started = performance.now();
    const event = d.event;
    const outcome = this.liveRunner().advance(event);
    if (!outcome.ok) {
      await this.failLive(d, outcome);
      return;
    }
    consumer.log.markApplied(d.seq);
    const afterPublish = this.opts.hooks?.afterPublish;
    const outputs = outcome.items.length;
    const room = window.add({
      key,
      items: outcome.items,
      // Counted once its outputs are stored, with its latency: a heartbeat shows handled inputs.
      onStored: () => {
        afterPublish?.(event);
        this.counters.eventsIn++;
        this.counters.eventsOut += outputs;
        this.metrics.eventsIn.inc({ stream: d.stream });
        if (outputs > 0) this.metrics.eventsOut.inc(outputs);
        const ms = performance.now() - started;
        this.latency.add(ms, started + ms);
        this.metrics.handling.observe(ms / 1000);
      },
      ack: () => this.acks.add(() => d.ack()),
      working: () => d.working(),
    });
    this.afterApplied();
    await room;
  }

  private liveWindow(): OutputWindow {
    if (this.window === undefined) throw new Error(`${this.opts.name}: not connected to NATS yet`);
    return this.window;
  }

  /** A valid event on a subject of another type (e.g. an md.tick on a candle subject) is refused. */
  private misplaced(d: HeldDelivery): string | undefined {
    let expected: string;
    try {
      expected = this.subjectTypes.typeOf(d.subject);
    } catch (err) {
      return `subject ${d.subject} is not a Helios subject: ${describeError(err)}`;
    }
    return expected === d.event.type ? undefined : `event type ${d.event.type} does not belong on subject ${d.subject} (it carries ${expected})`;
  }

  private async failLive(d: HeldDelivery, failure: ApplyFailure): Promise<void> {
    if (failure.stage === 'interrupted') {
      // Stopping: left unacked, it is replayed on the next start.
      await d.nak(this.tuning.ackWaitMs);
      return;
    }
    if (failure.stage === 'evolve') this.stateSuspect = true;
    this.noteError(`${d.subject} #${d.seq}: ${failure.message}`);
    await d.term(`${failure.stage}: ${failure.message}`);
  }

  private async applyReplayed(record: ValidRecord, publish: boolean): Promise<void> {
    const consumer = this.consumers.of(record.stream);
    if (consumer.log.isApplied(record.seq)) return;
    const outcome = await this.liveRunner().apply(record.event as HeliosEvent, publish);
    if (outcome.ok) {
      // The replay reads every matching message of the stream in order, so everything up to here is
      // applied. Not markApplied: a snapshot taken meanwhile would move the watermark up to the
      // consumer's ack floor, which a crashed predecessor may have left above the replay's position,
      // and the replay would then skip the inputs in between as applied.
      consumer.log.coverThrough(record.seq);
      this.counters.replayed++;
      this.afterApplied();
      return;
    }
    if (outcome.stage === 'interrupted') return;
    if (outcome.stage === 'evolve') this.stateSuspect = true;
    // The live consumer will skip it as covered, so it is dead-lettered here (same id as a live dead letter).
    this.noteError(`replay of ${record.subject} #${record.seq}: ${outcome.message}`);
    await this.publishDeadLetter({
      failure: { reason: 'handler-error', message: outcome.message, raw: encodeEvent(record.event) },
      originalSubject: record.subject,
      originalSeq: record.seq,
      run: record.event.run,
      cause: record.event.id,
    }).catch((err) => this.logger.error({ err: describeError(err) }, 'dead letter of a replayed input failed'));
  }

  /** Publishes this service's dead letter, stamped now (wall clock: when the service gave up). */
  private publishDeadLetter(letter: Omit<DeadLetterInput, 'service' | 'ts'>): Promise<unknown> {
    return this.livePublishers().deadLetters.publish(subjects.dlq(this.opts.name), deadLetter({ ...letter, service: this.opts.name, ts: Date.now() }));
  }

  /** The replay's publishes (one input at a time): each output stored, or dead-lettered like a live one. */
  private async publishOutputs(items: PublishItem[], input: string): Promise<void> {
    await Promise.all(items.map((item) => this.publishOne(item, input)));
  }

  /**
   * Stores one output of an input (`<stream>#<seq>`), retrying transient failures with the same id
   * until it is stored or the service stops. An output no retry can store (no stream captures its
   * subject, ...) goes to the dead-letter subject instead, whole, and the input stays applied: the
   * state already includes it, and so may outputs of later inputs stored meanwhile, so taking the
   * input back would contradict them (docs/adr/0012). Resolves once stored or dead-lettered.
   */
  private async publishOne(item: PublishItem, input: string): Promise<void> {
    for (let round = 1; ; round++) {
      try {
        try {
          await this.livePublishers().outputs.publish(item.subject, item.event, item.data);
        } catch (err) {
          if (isRetryablePublishError(err)) throw err;
          await this.deadLetterOutput(item, input, err);
        }
        this.publishStuck = false;
        return;
      } catch (err) {
        if (this.stopRequested) throw new PublishInterruptedError();
        // Order matters more than progress: this input and every later one stay unacked meanwhile.
        this.publishStuck = true;
        this.noteError(`publishing ${item.event.id} keeps failing (round ${round}): ${describeError(err)}`);
        await sleep(Math.min(5_000, 250 * round));
      }
    }
  }

  private async deadLetterOutput(item: PublishItem, input: string, err: unknown): Promise<void> {
    const message = `output ${item.event.id} (${item.event.type}) of input ${input} cannot be stored on ${item.subject}: ${describeError(err)}; the input stays applied without it`;
    this.noteError(message);
    await this.publishDeadLetter({
      failure: { reason: 'handler-error', message, raw: item.data ?? encodeEvent(item.event) },
      originalSubject: item.subject,
      run: item.event.run,
      cause: item.event.cause,
    });
  }

  /** Only a stop interrupts a live output (publishOne retries or dead-letters everything else). */
  private publishFailed(err: unknown, input: string): void {
    if (err instanceof PublishInterruptedError) return;
    this.publishStuck = true;
    this.noteError(`publishing the outputs of ${input} failed: ${describeError(err)}; inputs from it on stay unacked until a restart replays them`);
  }

  private onDeadLetter(notice: DeadLetterNotice): void {
    this.counters.deadLetters++;
    this.metrics.deadLetters.inc({ reason: notice.reason });
    this.logger.warn(notice, 'dead letter');
  }

  private noteError(message: string): void {
    this.lastError = { at: Date.now(), message };
    this.logger.error(message);
  }

  // ---- snapshots ------------------------------------------------------------------------------

  private get snapshotMinIntervalMs(): number {
    return this.opts.snapshotMinIntervalMs ?? (this.opts.snapshotEvery === undefined ? DEFAULT_SNAPSHOT_MIN_INTERVAL_MS : 0);
  }

  private get snapshotsOn(): boolean {
    return this.opts.snapshotEvery !== 0;
  }

  private afterApplied(): void {
    this.sinceMaintenance++;
    this.sinceSnapshot++;
    // Without snapshots the applied-sequence bookkeeping still needs compacting now and then.
    const every = this.opts.snapshotEvery || 1000;
    if (this.sinceMaintenance >= every && this.maintenanceTimer === undefined && performance.now() >= this.nextMaintenanceAt) {
      this.sinceMaintenance = 0;
      this.nextMaintenanceAt = performance.now() + this.snapshotMinIntervalMs;
      this.maintenanceRetries = 0;
      void this.queue.run(() => this.maintain());
    }
  }

  /**
   * Moves the applied-sequence watermarks up to the consumers' ack floors and, when nothing is
   * applied above them and the decider has snapshot hooks, saves `{ state, covered }`. Runs in the
   * queue, so the state matches the watermarks. Returns whether a consistent point was reached.
   *
   * Only finding the point holds up the queue: the state is copied there, and writing it (a read of
   * the stored snapshot, its regression check, a fsync'd write) goes on while the next inputs are
   * handled (ADR 0012). Saves are chained, so they are stored in the order they were taken; one that
   * fails only means the next start replays a little more. `wait` (stopping) awaits the write.
   */
  private async maintain(wait = false): Promise<boolean> {
    this.maintenanceTimer = undefined;
    const link = this.liveLink();
    const runner = this.liveRunner();
    try {
      // Inputs in flight are applied but not acked yet: a consistent point needs them stored and acked.
      await this.window?.idle();
      this.acks.flush();
      const behind = this.consumers.list.filter((c) => c.log.pendingAbove > 0);
      if (behind.length > 0) {
        await link.nc.flush();
        // All at once: the next inputs wait for this.
        const infos = await Promise.all(behind.map((c) => link.jsm.consumers.info(c.stream, c.durable)));
        behind.forEach((c, i) => c.log.advanceToAckFloor(infos[i].ack_floor.stream_seq));
      }
      if (this.consumers.list.some((c) => c.log.snapshotPoint() === undefined)) {
        this.retryMaintenance();
        return false;
      }
      const decider = runner.decider;
      const store = this.snapshotStore;
      if (this.snapshotsOn && store !== undefined && hasSnapshotHooks(decider) && this.sinceSnapshot > 0) {
        const covered = Object.fromEntries(this.consumers.list.map((c) => [c.stream, c.log.covered]));
        // Encoded now, once: the state is mutable, and the next inputs evolve it while the bytes are written.
        const snapshot = store.encode(this.snapshotKey, { state: decider.toSnapshot(runner.state), covered, version: decider.snapshotVersion ?? 1 });
        this.sinceSnapshot = 0;
        const saved = this.saving.then(async () => {
          try {
            const revision = await store.saveEncoded(this.snapshotKey, snapshot);
            this.counters.snapshots++;
            this.logger.debug({ revision, covered }, 'snapshot saved');
            return true;
          } catch (err) {
            // The next maintenance saves again, even if no input came in between.
            this.sinceSnapshot = Math.max(this.sinceSnapshot, 1);
            this.logger.warn({ err: describeError(err) }, 'snapshot could not be saved; the next one covers it');
            return false;
          }
        });
        this.saving = saved;
      }
      // Stopping: the last snapshot taken (now or before) must be stored before the process ends.
      return wait ? await this.saving : true;
    } catch (err) {
      this.logger.warn({ err: describeError(err) }, 'snapshot failed; trying again later');
      this.retryMaintenance();
      return false;
    }
  }

  private retryMaintenance(): void {
    if (this.stopRequested || this.maintenanceTimer !== undefined || ++this.maintenanceRetries > SNAPSHOT_RETRIES) return;
    this.maintenanceTimer = setTimeout(() => void this.queue.run(() => this.maintain()), SNAPSHOT_RETRY_MS);
  }

  /** A last consistent point before stopping, so that the next start replays as little as possible. */
  private async finalSnapshot(): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.queue.run(() => this.maintain(true))) return;
      // The last acks may still be on their way to the server's ack floor.
      await sleep(50);
    }
  }

  // ---- pause / resume / reconfigure / stop ------------------------------------------------------

  pause(): Promise<void> {
    return this.control.run(async () => {
      if (this.paused || this.stopRequested) return;
      this.paused = true;
      // Messages already pulled are still applied, in order, before the consumers stop.
      await this.consumers.stop();
      if (this.phaseNow === 'live') this.phaseNow = 'paused';
      this.metrics.up.set(0);
      this.logger.info('paused');
      void this.heartbeats?.beatNow();
    });
  }

  resume(): Promise<void> {
    return this.control.run(async () => {
      if (!this.paused || this.stopRequested) return;
      this.paused = false;
      for (const wake of this.resumeWaiters.splice(0)) wake();
      if (this.phaseNow === 'paused') {
        await this.startConsumers();
        this.phaseNow = 'live';
        this.metrics.up.set(1);
      }
      this.logger.info('resumed');
      void this.heartbeats?.beatNow();
    });
  }

  private waitWhilePaused(): Promise<void> {
    if (!this.paused || this.stopRequested) return Promise.resolve();
    return new Promise((resolve) => this.resumeWaiters.push(resolve));
  }

  /**
   * Validates the configuration and applies it between two inputs; an invalid one (by the schema or
   * by the decider's own checks) changes nothing, is logged and shown in an `error` heartbeat.
   */
  reconfigure(given: unknown): Promise<CommandOutcome> {
    return this.control.run(async () => {
      if (this.runner === undefined) return { ok: false, error: 'the service is still starting' };
      const runner = this.runner;
      let config: C;
      try {
        config = resolveServiceConfig(this.opts.configSchema, this.opts.defaultConfig, given, `${this.opts.name} reconfigure`);
      } catch (err) {
        return this.rejectConfig(err);
      }
      const apply = this.opts.reconfigure ?? rebuildDecider(this.opts.decider);
      const outcome = await this.queue.run((): CommandOutcome => {
        try {
          const next = apply({ decider: runner.decider, state: runner.state }, config);
          runner.decider = next.decider;
          runner.state = next.state;
          this.configNow = config;
          return { ok: true };
        } catch (err) {
          return this.rejectConfig(err);
        }
      });
      if (outcome.ok) {
        this.logger.info({ config }, 'reconfigured');
        void this.heartbeats?.beatNow();
      }
      return outcome;
    });
  }

  private rejectConfig(err: unknown): CommandOutcome {
    const error = `reconfigure refused, configuration unchanged: ${messageOf(err)}`;
    this.noteError(error);
    this.errorBeatPending = true;
    void this.heartbeats?.beatNow();
    return { ok: false, error };
  }

  private async deadLetterCommand(subject: string, failure: DecodeFailure): Promise<void> {
    try {
      await this.publishDeadLetter({ failure, originalSubject: subject });
    } catch (err) {
      this.logger.error({ err: describeError(err) }, 'dead letter of a bad command failed');
    }
  }

  stop(reason = 'stop requested'): Promise<void> {
    this.stopping ??= this.shutDown(reason);
    return this.stopping;
  }

  private async shutDown(reason: string): Promise<void> {
    this.logger.info({ reason }, 'stopping');
    this.stopRequested = true;
    this.phaseNow = 'stopping';
    this.metrics.up.set(0);
    for (const wake of this.resumeWaiters.splice(0)) wake();
    clearTimeout(this.maintenanceTimer);
    this.maintenanceTimer = undefined;
    for (const sub of this.commandSubs.splice(0)) sub.unsubscribe();
    await this.starting?.catch(() => undefined);
    await this.control.idle();
    await this.consumers.stop();
    await this.queue.idle();
    await this.window?.idle();
    this.acks.flush();
    this.window?.close();
    const link = this.link;
    // Without the claim another process runs the instance now: its snapshot is the one to keep.
    if (this.runner !== undefined && link !== undefined && link.connected() && this.claimLost === undefined) await this.finalSnapshot();
    await this.claim?.release();
    this.phaseNow = 'stopped';
    await this.heartbeats?.finish();
    await link?.nc.drain().catch(() => undefined);
    this.logger.info({ stats: this.stats }, 'stopped');
  }

  // ---- heartbeats and health ------------------------------------------------------------------

  status(): HeartbeatStatus {
    if (this.phaseNow === 'stopping' || this.phaseNow === 'stopped') return 'stopped';
    if (this.paused) return 'paused';
    if (!(this.link?.connected() ?? false) || this.publishStuck || this.stateSuspect) return 'error';
    if (this.phaseNow !== 'live' || this.counters.deadLetters > this.deadLettersAtLastBeat) return 'warning';
    return 'healthy';
  }

  private async readLag(): Promise<void> {
    const link = this.link;
    if (link === undefined || !link.connected()) return;
    let total = 0;
    for (const c of this.consumers.list) {
      const info = await this.consumers.info(link, c);
      if (info === undefined) continue;
      this.metrics.lag.set({ stream: c.stream }, info.num_pending);
      total += info.num_pending;
    }
    this.lag = total;
  }

  private async readHeartbeat(): Promise<HeartbeatReading> {
    if (this.phaseNow !== 'stopped') await this.readLag();
    const status: HeartbeatStatus = this.errorBeatPending && this.phaseNow !== 'stopped' ? 'error' : this.status();
    this.errorBeatPending = false;
    this.deadLettersAtLastBeat = this.counters.deadLetters;
    return {
      status,
      lagMsgs: this.lag,
      eventsIn: this.counters.eventsIn,
      eventsOut: this.counters.eventsOut,
      latencyMsP50: this.latency.quantile(0.5, performance.now()),
      latencyMsP99: this.latency.quantile(0.99, performance.now()),
      pnl: this.pnl(),
      details: {
        phase: this.phaseNow,
        httpPort: this.httpPort ?? null,
        connected: this.link?.connected() ?? false,
        ...this.counters,
        covered: this.covered,
        config: this.configNow ?? null,
        ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      },
    };
  }

  private pnl(): number | undefined {
    const hook = this.opts.pnl;
    if (hook === undefined || this.runner === undefined) return undefined;
    try {
      return hook(this.runner.state);
    } catch (err) {
      this.logger.warn({ err: describeError(err) }, 'P&L hook failed');
      return undefined;
    }
  }

  /** /healthz: 200 while connected and consuming (live), 503 otherwise. */
  health(): { ok: boolean; body: Record<string, unknown> } {
    const connected = this.link?.connected() ?? false;
    return {
      ok: connected && this.phaseNow === 'live',
      body: {
        service: this.opts.name,
        instance: this.opts.instance,
        status: this.status(),
        phase: this.phaseNow,
        connected,
        lagMsgs: this.lag,
        ...this.counters,
        ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      },
    };
  }
}
