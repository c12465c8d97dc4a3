import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

let cached: string | undefined;

/**
 * The nats-server binary, found (or fetched once into .cache/) by tools/lib/nats-server.sh, the same
 * script tools/setup uses, so tests and the running system use one server.
 */
export function natsServerBinary(): string {
  if (cached) return cached;
  const script = join(__dirname, '..', '..', '..', 'tools', 'lib', 'nats-server.sh');
  try {
    cached = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new Error(`no usable nats-server (>= 2.11); run tools/setup first.\n${stderr}`);
  }
  return cached;
}
