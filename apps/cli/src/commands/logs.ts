import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from '../args/command';
import type { ParsedFlags } from '../args/flags';
import { EXIT_OK, UsageError } from '../args/usage-error';
import type { CliIo } from '../io';

/** The repository root: the first folder up from here holding `tools/down` (works from src/ and from the dist bundle). */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'tools', 'down'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the Helios repository (tools/down) above ${from}`);
    dir = up;
  }
  return dir;
}

export function heliosHome(flags: ParsedFlags): string {
  return resolve((flags['home'] as string | undefined) ?? process.env['HELIOS_HOME'] ?? join(repoRoot(), '.helios'));
}

/** `<service>-<instance>.log` files of a service; instance names may contain `-`, service names are matched whole. */
export function serviceLogFiles(logsDir: string, service: string, instance?: string): string[] {
  if (!existsSync(logsDir)) return [];
  if (instance !== undefined) {
    const file = join(logsDir, `${service}-${instance}.log`);
    return existsSync(file) ? [file] : [];
  }
  const known = knownServices(logsDir);
  return readdirSync(logsDir)
    .filter((f) => f.startsWith(`${service}-`) && f.endsWith('.log'))
    // `risk-gate-main.log` is not an instance `gate-main` of a service `risk` when `risk-gate` is known.
    .filter((f) => ![...known].some((other) => other !== service && other.startsWith(`${service}-`) && f.startsWith(`${other}-`)))
    .sort()
    .map((f) => join(logsDir, f));
}

function knownServices(logsDir: string): Set<string> {
  try {
    const state = JSON.parse(readFileSync(join(logsDir, '..', 'agent.json'), 'utf8')) as { services: Array<{ name: string }> };
    return new Set(state.services.map((s) => s.name));
  } catch {
    return new Set();
  }
}

/** The last `n` lines of a text (a trailing newline ends the last line, it does not start another). */
export function lastLines(text: string, n: number): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return n === 0 ? [] : lines.slice(-n);
}

function labelled(file: string, lines: string[], label: boolean, logsDir: string): string {
  const prefix = label ? `[${file.slice(logsDir.length + 1, -'.log'.length)}] ` : '';
  return lines.map((l) => `${prefix}${l}\n`).join('');
}

async function follow(files: string[], logsDir: string, io: CliIo, stopWhen: Promise<void>): Promise<void> {
  const offsets = new Map(files.map((f) => [f, statSync(f).size]));
  let stopped = false;
  void stopWhen.then(() => (stopped = true));
  while (!stopped) {
    for (const file of files) {
      const size = existsSync(file) ? statSync(file).size : 0;
      const from = offsets.get(file) ?? 0;
      if (size < from) offsets.set(file, 0); // truncated or replaced: start over
      if (size <= from) continue;
      const chunk = readFileSync(file).subarray(from, size).toString('utf8');
      const end = chunk.lastIndexOf('\n');
      if (end < 0) continue; // wait for the rest of the line
      offsets.set(file, from + Buffer.byteLength(chunk.slice(0, end + 1)));
      io.out(labelled(file, chunk.slice(0, end).split('\n'), files.length > 1, logsDir));
    }
    await Promise.race([new Promise((r) => setTimeout(r, 200)), stopWhen]);
  }
}

export const logsCommand: Command & { positional: string } = {
  name: 'logs',
  positional: 'service',
  summary: "a service's log (every instance, or one), optionally following it",
  usage: '<service> [--instance ID] [--lines 50] [--follow] [--home DIR]',
  flags: [
    { name: 'service', kind: 'string', valueName: 'NAME', required: true, description: 'service name (also the first argument)' },
    { name: 'instance', kind: 'string', valueName: 'ID', description: 'only this instance (default: every instance)' },
    { name: 'lines', kind: 'integer', valueName: 'N', default: 50, min: 0, description: 'lines from the end of each log' },
    { name: 'follow', kind: 'boolean', description: 'keep printing new lines until Ctrl-C' },
    { name: 'home', kind: 'string', valueName: 'DIR', description: 'Helios home of tools/up (default $HELIOS_HOME or .helios)' },
  ],
  details: `Logs are written by the node agent to <home>/logs/<service>-<instance>.log (pino JSON lines of the
service, and the agent's own [node-agent] lines on starts, exits and restarts). With several
instances each line is prefixed with [<service>-<instance>].`,
  async run(flags, io) {
    const logsDir = join(heliosHome(flags), 'logs');
    const service = flags['service'] as string;
    const files = serviceLogFiles(logsDir, service, flags['instance'] as string | undefined);
    if (files.length === 0) {
      const present = existsSync(logsDir) ? readdirSync(logsDir).filter((f) => f.endsWith('.log')) : [];
      throw new UsageError(
        `helios logs: no log of ${JSON.stringify(service)}${flags['instance'] ? ` instance ${JSON.stringify(flags['instance'])}` : ''} in ${logsDir}` +
          (present.length > 0 ? ` (logs there: ${present.join(', ')})` : ' (is Helios running? tools/up)'),
      );
    }
    for (const file of files) io.out(labelled(file, lastLines(readFileSync(file, 'utf8'), flags['lines'] as number), files.length > 1, logsDir));
    if (!flags['follow']) return EXIT_OK;
    const interrupted = new Promise<void>((r) => process.once('SIGINT', () => r()));
    await follow(files, logsDir, io, interrupted);
    return EXIT_OK;
  },
};
