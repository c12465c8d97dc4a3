import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The launcher every apps/*/bin script calls, copied into a scratch workspace so that its files'
// times can be set: which of the bundle or the sources runs is decided by those times alone.
const launcher = join(__dirname, '..', 'lib', 'app-entry.js');

describe('tools/lib/app-entry.js', () => {
  let ws: string;
  const at = (path: string, seconds: number) => utimesSync(join(ws, path), seconds, seconds);
  const write = (path: string, text: string, seconds: number) => {
    mkdirSync(join(ws, path, '..'), { recursive: true });
    writeFileSync(join(ws, path), text);
    at(path, seconds);
  };
  // A fresh process each time: require() caches both the launcher and the bundle it loads.
  const run = (env: Record<string, string> = {}) =>
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(join(ws, 'tools', 'lib', 'app-entry.js'))}).runApp('svc')`], {
      env: { ...process.env, HELIOS_FROM_SOURCE: '', ...env },
      encoding: 'utf8',
    }).trim();
  const fresh = () =>
    execFileSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(join(ws, 'tools', 'lib', 'app-entry.js'))}).freshBundle('svc')))`], {
      encoding: 'utf8',
    });

  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'helios-app-entry-'));
    mkdirSync(join(ws, 'tools', 'lib'), { recursive: true });
    copyFileSync(launcher, join(ws, 'tools', 'lib', 'app-entry.js'));
    copyFileSync(join(launcher, '..', 'v8-tuning.js'), join(ws, 'tools', 'lib', 'v8-tuning.js'));
    write('apps/svc/src/main.ts', 'console.log("from source");', 1_000);
    write('libs/core/src/index.ts', 'export {};', 1_000);
    write('libs/core/node_modules/dep/index.ts', 'export {};', 9_000); // never looked at
    write('apps/svc/dist/main.js', 'console.log("from bundle");', 2_000);
    // A stand-in for tsx: loads .ts files as they are (the test sources are plain JavaScript).
    write('node_modules/tsx/cjs.js', "require.extensions['.ts'] = (m, f) => m._compile(require('node:fs').readFileSync(f, 'utf8'), f);", 1_000);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('runs the bundle when it is newer than every source of the app and of libs/', () => {
    expect(fresh()).toBe(join(ws, 'apps', 'svc', 'dist', 'main.js'));
    expect(run()).toBe('from bundle');
  });

  it('passes over a bundle older than an edited source of the app', () => {
    at('apps/svc/src/main.ts', 3_000);
    expect(fresh()).toBe('undefined');
    expect(run()).toBe('from source');
  });

  it('passes over a bundle older than an edited library source', () => {
    at('libs/core/src/index.ts', 3_000);
    expect(fresh()).toBe('undefined');
  });

  it('sets the V8 tuning before the app loads, bundle or sources, unless HELIOS_V8_TUNING=0', () => {
    const report = `console.log(JSON.stringify(require(${JSON.stringify(join('..', '..', '..', 'tools', 'lib', 'v8-tuning.js'))}).appliedFlags()));`;
    write('apps/svc/dist/main.js', report, 2_000);
    const { V8_TUNING_FLAGS } = require('../lib/v8-tuning.js') as { V8_TUNING_FLAGS: string[] };
    expect(JSON.parse(run({ HELIOS_V8_TUNING: '' }))).toEqual(V8_TUNING_FLAGS);
    expect(JSON.parse(run({ HELIOS_V8_TUNING: '0' }))).toEqual([]);
    write('apps/svc/src/main.ts', report, 3_000);
    expect(JSON.parse(run({ HELIOS_V8_TUNING: '' }))).toEqual(V8_TUNING_FLAGS);
  });

  it('passes over a missing bundle, and over a fresh one when HELIOS_FROM_SOURCE is set', () => {
    expect(fresh()).not.toBe('undefined');
    expect(run({ HELIOS_FROM_SOURCE: '1' })).toBe('from source');
    rmSync(join(ws, 'apps', 'svc', 'dist'), { recursive: true });
    expect(fresh()).toBe('undefined');
    expect(run()).toBe('from source');
  });
});
