import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', 'lib', 'nats-server.sh');

function fakeServer(dir: string, version: string): string {
  const file = join(dir, `nats-server-${version}`);
  writeFileSync(file, `#!/bin/sh\necho "nats-server: v${version}"\n`);
  chmodSync(file, 0o755);
  return file;
}

function find(env: Record<string, string>): string {
  return execFileSync('bash', [script], { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

describe('tools/lib/nats-server.sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helios-finder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses NATS_SERVER_BIN when it is >= 2.11', () => {
    const bin = fakeServer(dir, '2.11.0');
    expect(find({ NATS_SERVER_BIN: bin })).toBe(bin);
  });

  it('passes over a NATS_SERVER_BIN older than 2.11 (Debian stable ships 2.9)', () => {
    const old = fakeServer(dir, '2.9.20');
    const found = find({ NATS_SERVER_BIN: old });
    expect(found).not.toBe(old);
    const version = execFileSync(found, ['--version'], { encoding: 'utf8' });
    const [major, minor] = version.match(/(\d+)\.(\d+)\.\d+/)!.slice(1).map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(211);
  });
});
