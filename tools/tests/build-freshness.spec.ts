import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// When tools/setup may skip the Nx build (tools/lib/build-freshness.js): a cache hit without Nx's
// daemon deletes and restores the outputs under running services, so an unchanged checkout must not call Nx.
const SCRIPT = join(__dirname, '..', 'lib', 'build-freshness.js');
const { buildFreshness } = require(SCRIPT) as { buildFreshness(root: string): { fresh: boolean; reason?: string } };

const BUILT_AT = new Date('2026-01-02T00:00:00Z');
const BEFORE = new Date('2026-01-01T00:00:00Z');
const AFTER = new Date('2026-01-03T00:00:00Z');

let root: string;

function write(path: string, content: string, at: Date = BEFORE): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  utimesSync(full, at, at);
}

/** A checkout with two apps (default and explicit outputs), one lib, all built and stamped. */
function builtCheckout(): void {
  write('nx.json', JSON.stringify({ targetDefaults: { build: { outputs: ['{projectRoot}/dist'] } } }));
  write('package.json', '{}');
  write('apps/svc/project.json', JSON.stringify({ targets: { build: {} } }));
  write('apps/svc/src/main.ts', 'export {};');
  write('apps/svc/dist/main.js', '', AFTER);
  write('apps/ui/project.json', JSON.stringify({ targets: { build: { outputs: ['{projectRoot}/.next'] } } }));
  write('apps/ui/src/page.tsx', 'export {};');
  write('apps/ui/.next/BUILD_ID', 'x', AFTER);
  write('apps/agent/project.json', JSON.stringify({ targets: { test: {} } }));
  write('libs/core/src/index.ts', 'export {};');
  write('.cache/build.stamp', '', BUILT_AT);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'helios-build-freshness-'));
  builtCheckout();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('tools/lib/build-freshness.js', () => {
  it('is fresh when every output exists and no input is newer than the last build', () => {
    expect(buildFreshness(root)).toEqual({ fresh: true });
  });

  it('asks for a build before the first one', () => {
    rmSync(join(root, '.cache', 'build.stamp'));
    expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'no successful build recorded (.cache/build.stamp)' });
  });

  it('asks for a build when an output folder is missing or empty, with the target default or the project outputs', () => {
    rmSync(join(root, 'apps', 'ui', '.next'), { recursive: true });
    expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'apps/ui/.next is missing' });
    builtCheckout();
    rmSync(join(root, 'apps', 'svc', 'dist', 'main.js'));
    expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'apps/svc/dist is missing' });
  });

  it('names the first input edited after the build started: a source of an app or a lib, or a root file', () => {
    write('libs/core/src/index.ts', 'export const x = 1;', AFTER);
    expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'libs/core/src/index.ts changed' });
    builtCheckout();
    write('apps/ui/src/page.tsx', 'export const y = 1;', AFTER);
    expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'apps/ui/src/page.tsx changed' });
    builtCheckout();
    write('package.json', '{"x":1}', AFTER);
    expect(buildFreshness(root)).toEqual({ fresh: false, reason: 'package.json changed' });
  });

  it('ignores what builds and tools write: outputs, node_modules, hidden folders', () => {
    write('apps/svc/dist/extra.js', '', AFTER);
    write('apps/ui/.next/cache/x', '', AFTER);
    write('libs/core/node_modules/p/index.js', '', AFTER);
    expect(buildFreshness(root)).toEqual({ fresh: true });
  });

  it('runs as a script: exit 0 "fresh", else exit 1 and the reason', () => {
    expect(execFileSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' })).toBe('fresh\n');
    write('apps/svc/src/main.ts', 'export const z = 1;', AFTER);
    let failure: { status?: number; stdout?: string } = {};
    try {
      execFileSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    } catch (err) {
      failure = err as { status?: number; stdout?: string };
    }
    expect(failure).toMatchObject({ status: 1, stdout: 'apps/svc/src/main.ts changed\n' });
  });
});
