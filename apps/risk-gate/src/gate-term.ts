import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { KV_BUCKETS } from '@helios/contracts';
import type { RiskConfigInput, RiskState } from '@helios/domain-risk';
import { createService, type ServiceHandle } from '@helios/nest';
import { describeError } from '@helios/nats';
import type { GateArgs } from './gate-args';
import { HaltRelay } from './halt-relay';
import { watchKey, type KeyWatch } from './kv-key-watch';
import { LIMITS_KEY, limitsOfEntry, readLimits } from './limits';
import { riskGateService } from './risk-gate-service';

/**
 * What the gate runs while it leads: the halt relay, the service shell around the risk decider,
 * and (unless `--config` fixed the limits) a watch of KV `risk.limits` that reconfigures it.
 */
export class GateTerm {
  private readonly abort = new AbortController();
  private relay: HaltRelay | undefined;
  private service: ServiceHandle<RiskState, RiskConfigInput> | undefined;
  private limitsWatch: KeyWatch | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly args: GateArgs,
    private readonly logger: Logger,
    private readonly onStopCommand: () => void,
  ) {}

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  get handle(): ServiceHandle<RiskState, RiskConfigInput> | undefined {
    return this.service;
  }

  /** Rejects when the service cannot start (e.g. invalid limits); the caller then leaves the election. */
  async start(): Promise<void> {
    // A replay run (--scope) is a simulation: the global kill switch and the live limits are not its
    // inputs; its configuration is KV bt.<run>.service.risk-gate (or --config), read by the shell.
    const scoped = this.args.scope !== undefined;
    // The halt switch first: a halt set while this gate replays still reaches the order engine at once.
    if (!scoped) this.relay = await HaltRelay.start({ nc: this.nc, run: riskGateService.run ?? 'paper', src: 'risk-gate', logger: this.logger });
    if (this.abort.signal.aborted) return;
    const kv = await new Kvm(this.nc).open(KV_BUCKETS.config);
    const limits = this.args.config !== undefined || scoped ? undefined : await readLimits(kv);
    const { description: _description, ...spec } = riskGateService;
    this.service = await createService({
      ...spec,
      instance: this.args.instance,
      natsUrl: this.args.natsUrl,
      httpPort: this.args.httpPort,
      config: this.args.config ?? limits?.config,
      scope: this.args.scope,
      inputScope: this.args.inputScope,
      snapshotEvery: this.args.snapshotEvery,
      maxEventBytes: this.args.maxEventBytes,
      logger: this.logger,
      onStopCommand: this.onStopCommand,
      abortSignal: this.abort.signal,
      // The election already lets one gate run the shell; a claim would only delay a standby's takeover by its TTL.
      instanceClaim: false,
    });
    if (limits === undefined || this.abort.signal.aborted) return;
    this.limitsWatch = await watchKey(
      kv,
      LIMITS_KEY,
      async (entry) => {
        if (entry.revision <= limits.revision) return;
        const outcome = await this.service?.reconfigure(limitsOfEntry(entry));
        this.logger.info({ revision: entry.revision, outcome }, 'risk.limits changed');
      },
      (err) => this.logger.error({ err: describeError(err) }, 'risk.limits not applied; the previous limits stay'),
    );
  }

  /** Stops consuming and publishing; what was pulled is still applied (duplicates are de-duplicated downstream). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.abort.abort();
      await this.limitsWatch?.stop().catch(() => undefined);
      await this.service?.stop().catch((err) => this.logger.error({ err: describeError(err) }, 'stopping the gate failed'));
      await this.relay?.stop().catch(() => undefined);
    })();
    return this.stopping;
  }
}
