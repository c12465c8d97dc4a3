import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from '../args/command';
import { EXIT_FAILURE, EXIT_OK } from '../args/usage-error';
import { heliosHome, repoRoot } from './logs';

export const downCommand: Command = {
  name: 'down',
  summary: 'stop every service and nats-server (what tools/down does)',
  usage: '[--home DIR]',
  flags: [{ name: 'home', kind: 'string', valueName: 'DIR', description: 'Helios home of tools/up (default $HELIOS_HOME or .helios)' }],
  details: `Stops the node agent, which stops every service (SIGTERM, then SIGKILL after 15 s), and then
nats-server. The event log stays in <home>/nats for the next tools/up.`,
  async run(flags, io) {
    const result = spawnSync(join(repoRoot(), 'tools', 'down'), [], { env: { ...process.env, HELIOS_HOME: heliosHome(flags) }, encoding: 'utf8' });
    if (result.error) throw new Error(`cannot run tools/down: ${result.error.message}`);
    if (result.stdout) io.out(result.stdout);
    if (result.stderr) io.err(result.stderr);
    return result.status === 0 ? EXIT_OK : EXIT_FAILURE;
  },
};
