import { connect } from '@nats-io/transport-node';
import pino from 'pino';
import { KV_BUCKETS } from '@helios/contracts';
import { LeaderElection, describeError, natsConnectTarget, redactNatsUrl } from '@helios/nats';
import { RunScope, UsageError, type ProcessIo } from '@helios/nest';
import { gateUsage, parseGateArgs, type GateArgs } from './gate-args';
import { GateTerm } from './gate-term';
import { riskGateService } from './risk-gate-service';

/** The lease key of the role: one leading risk gate in the whole system. */
export const RISK_GATE_LEASE_KEY = 'risk-gate';

const processIo = (): ProcessIo => ({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  exit: (code) => process.exit(code),
});

/**
 * The `main` of the risk gate: a candidate in the `risk-gate` election. Only the leader runs the
 * shell (consumes and publishes); a standby holds nothing but the lease watch and starts the shell
 * when it wins. All candidates share the instance name, so a new leader continues the previous
 * one's durable consumers exactly like a restart (docs/adr/0010-risk-gate-and-halt.md).
 * Exit codes as every service: 2 bad flag, 1 cannot start, 0 after SIGTERM/SIGINT or `stop`.
 */
export async function runRiskGate(io: ProcessIo = processIo()): Promise<void> {
  const { name, description } = riskGateService;
  let args: GateArgs;
  try {
    args = parseGateArgs(io.argv, io.env, process.pid);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${name}: ${err.message}\n\n${gateUsage(name, description)}`);
    io.exit(2);
    return;
  }
  if (args.help) {
    io.stdout(gateUsage(name, description));
    io.exit(0);
    return;
  }
  const logger = pino({ level: args.logLevel, base: { service: name, instance: args.instance, candidate: args.candidate, pid: process.pid } });
  let nc;
  try {
    nc = await connect({ ...natsConnectTarget(args.natsUrl), name: `${name}.${args.instance}.${args.candidate}.election`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  } catch (err) {
    io.stderr(`${name}: cannot connect to ${redactNatsUrl(args.natsUrl)}: ${describeError(err)}\n`);
    io.exit(1);
    return;
  }
  const election = new LeaderElection({
    nc,
    bucket: KV_BUCKETS.leases,
    // A replay run's gate leads only its own run.
    key: RunScope.of(args.scope, args.inputScope, name).key(RISK_GATE_LEASE_KEY),
    holder: args.candidate,
    ttlMs: args.leaseTtlMs,
    onError: (err) => logger.debug({ err: describeError(err) }, 'election'),
  });

  let term: GateTerm | undefined;
  // Elections and losses are applied one after the other: a term is fully stopped before the next starts.
  let transitions = Promise.resolve();
  let exiting = false;
  const shutdown = (code: number, why: string) => {
    if (exiting) return;
    exiting = true;
    logger.info({ why }, 'shutting down');
    transitions = transitions.then(async () => {
      await term?.stop();
      await election.stop().catch(() => undefined);
      await nc.close().catch(() => undefined);
      logger.flush?.();
      io.exit(code);
    });
  };

  election.on('elected', (token) => {
    transitions = transitions.then(async () => {
      if (exiting || !election.isLeader) return;
      logger.info({ token }, 'elected: leading the risk gate');
      const t = new GateTerm(nc, args, logger, () => shutdown(0, 'stop command'));
      term = t;
      try {
        await t.start();
      } catch (err) {
        if (t.stopped) return; // lost the lease while starting: back to standby
        io.stderr(`${name}: ${describeError(err)}\n`);
        logger.error({ err: describeError(err) }, 'the gate could not start; leaving the election');
        shutdown(1, 'start failed');
      }
    });
  });
  election.on('lost', (reason) => {
    logger.warn({ reason }, 'lost the lease: stopping the gate, back to standby');
    // At once, not behind a start in progress: a deposed leader must stop publishing now.
    const ending = term?.stop();
    term = undefined;
    transitions = transitions.then(() => ending);
  });
  process.once('SIGTERM', () => shutdown(0, 'SIGTERM'));
  process.once('SIGINT', () => shutdown(0, 'SIGINT'));

  try {
    await election.start();
  } catch (err) {
    io.stderr(`${name}: ${describeError(err)}\n`);
    await nc.close().catch(() => undefined);
    io.exit(1);
    return;
  }
  logger.info({ leaseKey: RISK_GATE_LEASE_KEY, ttlMs: args.leaseTtlMs }, 'standby: candidate for the risk-gate lease');
}
