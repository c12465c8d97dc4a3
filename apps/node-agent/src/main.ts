import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { nodeName } from '@helios/contracts';
import { ADDED_FILE, loadAddedServices } from './added-services';
import { isAlive, readAgentState } from './agent-state';
import { notStartable } from './control/agent-command';
import { openControlChannel, type ControlChannel } from './control/control-channel';
import { ManifestError, parseManifest, TOKEN } from './manifest';
import { Supervisor } from './supervisor';

const REPO = join(__dirname, '..', '..', '..');
const USAGE = `usage: node-agent --manifest FILE [--home DIR] [--cwd DIR]
  --manifest FILE  services to run: {"services":[{"name","instance","args"?,"entry"?,"env"?}]}
  --home DIR       logs/, agent.json and agent-added.json go here (default $HELIOS_HOME or .helios)
  --cwd DIR        working directory of the services and root of relative entries (default: the repository)
  --stop-timeout-ms MS  on stop, SIGKILL a service still running this long after SIGTERM (default 15000)
  --nats URL       also listen for commands on system.cmd.node-agent.<node> (add/start/remove a service;
                   additions are kept in agent-added.json and run again by the next agent, unless stopped)
  --node NAME      the node name of that subject (default $HELIOS_NODE, else the host name)
Exit codes: 0 after SIGTERM/SIGINT/SIGHUP (every service stopped), 1 cannot start, 2 bad command line.`;

function parseArgs(argv: readonly string[]): Record<string, string> {
  const known = new Set(['manifest', 'home', 'cwd', 'stop-timeout-ms', 'nats', 'node']);
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    if (!known.has(name)) throw new ManifestError(`node-agent: unknown argument ${JSON.stringify(flag)}\n${USAGE}`);
    const value = argv[++i];
    if (value === undefined || value.length === 0) throw new ManifestError(`node-agent: --${name} needs a value`);
    out[name] = value;
  }
  if (!out['manifest']) throw new ManifestError(`node-agent: missing --manifest\n${USAGE}`);
  return out;
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  let args: Record<string, string>;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const node = args['node'] ?? nodeName(process.env, hostname());
  if (!TOKEN.test(node)) {
    process.stderr.write(`node-agent: the node name (--node or HELIOS_NODE) must be letters, digits, - and _ (1-64), got ${JSON.stringify(node)}\n`);
    process.exit(2);
  }
  const home = resolve(args['home'] ?? process.env['HELIOS_HOME'] ?? join(REPO, '.helios'));
  const cwd = resolve(args['cwd'] ?? REPO);
  const previous = readAgentState(join(home, 'agent.json'));
  if (previous && previous.status !== 'stopped' && previous.pid !== process.pid && isAlive(previous.pid)) {
    process.stderr.write(`node-agent: another agent (pid ${previous.pid}) already supervises ${home}\n`);
    process.exit(1);
  }
  let supervisor: Supervisor;
  try {
    const specs = parseManifest(readFileSync(args['manifest'], 'utf8'), cwd);
    const stopTimeoutMs = args['stop-timeout-ms'] === undefined ? undefined : Number(args['stop-timeout-ms']);
    if (stopTimeoutMs !== undefined && !(Number.isInteger(stopTimeoutMs) && stopTimeoutMs >= 0)) {
      process.stderr.write(`node-agent: --stop-timeout-ms must be a whole number >= 0, got ${JSON.stringify(args['stop-timeout-ms'])}\n`);
      process.exit(2);
    }
    const error = (line: string) => process.stderr.write(`node-agent: error: ${line}\n`);
    const added = loadAddedServices({
      file: join(home, ADDED_FILE),
      root: cwd,
      manifest: specs,
      refuse: (spec) => notStartable(spec)?.detail,
      log: (line) => process.stdout.write(`node-agent: ${line}\n`),
      error,
    });
    supervisor = new Supervisor({ specs, added, home, cwd, stopTimeoutMs, error, node });
    supervisor.start();
  } catch (error) {
    process.stderr.write(`node-agent: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const services = supervisor.state().services;
  const added = services.filter((s) => s.origin === 'added');
  process.stdout.write(
    `node-agent: supervising ${services.length} services, ${added.length} added at run time (${added.filter((s) => s.status === 'stopped').length} of them left stopped, as the user stopped them; state in ${join(home, 'agent.json')}, additions in ${join(home, ADDED_FILE)})\n`,
  );
  let channel: ControlChannel | undefined;
  const natsUrl = args['nats'];
  if (natsUrl !== undefined) {
    const log = (line: string) => process.stdout.write(`node-agent: ${line}\n`);
    // Connects in the background (it waits for the server): the services run either way.
    openControlChannel({ natsUrl, node, root: cwd, supervisor, log }).then(
      (c) => {
        channel = c;
        log(`control channel on ${c.subject}`);
      },
      (error: unknown) => log(`control channel unavailable: ${(error as Error).message}`),
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`node-agent: ${signal}, stopping every service\n`);
    void Promise.resolve(channel?.close())
      .then(() => supervisor.stop())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The services are in process groups of their own (supervisor.ts): a closed terminal's SIGHUP
  // reaches the agent alone, which must then stop them, not leave them running.
  process.on('SIGHUP', () => stop('SIGHUP'));
}

main();
