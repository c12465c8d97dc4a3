import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** tools/lib/nats-server.sh of this checkout, found from here upwards (sources and the CLI bundle sit at different depths). */
function finderScript(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const script = join(dir, 'tools', 'lib', 'nats-server.sh');
    if (existsSync(script)) return script;
    if (dirname(dir) === dir) throw new Error(`tools/lib/nats-server.sh not found above ${__dirname}`);
  }
}

/**
 * The nats-server binary, found (or fetched once into .cache/) by tools/lib/nats-server.sh, the same
 * script tools/setup uses, so tests and the running system use one server.
 */
export function natsServerBinary(): string {
  if (cached) return cached;
  const script = finderScript();
  try {
    cached = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new Error(`no usable nats-server (>= 2.11); run tools/setup first.\n${stderr}`);
  }
  return cached;
}
