// Starts an app (apps/<app>/bin/<app>.js calls this) from the bundle `tools/setup` builds
// (apps/<app>/dist/main.js, `nx run <app>:build`) unless a TypeScript source is newer than it: then
// the sources run through tsx, so an edit is never shadowed by a stale build.
//
// Why a bundle: one file loads in a fraction of tsx's start-up (a restarted service is back sooner),
// and calls between modules are plain calls instead of tsx's per-module interop getters and
// run-time function naming, which showed in the services' profiles (ADR 0012).
// HELIOS_FROM_SOURCE=1 forces the sources.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { applyV8Tuning } = require('./v8-tuning');

const root = join(__dirname, '..', '..');

function newerSource(dir, than) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (newerSource(path, than)) return true;
    } else if (entry.name.endsWith('.ts') && statSync(path).mtimeMs > than) {
      return true;
    }
  }
  return false;
}

/** The bundle of `app` when it exists and is newer than every TypeScript source it is built from, else undefined. */
function freshBundle(app) {
  const built = join(root, 'apps', app, 'dist', 'main.js');
  if (!existsSync(built)) return undefined;
  const builtAt = statSync(built).mtimeMs;
  if (newerSource(join(root, 'libs'), builtAt) || newerSource(join(root, 'apps', app, 'src'), builtAt)) return undefined;
  return built;
}

/** Runs apps/<app>: its fresh bundle, else apps/<app>/src/main.ts through tsx. */
function runApp(app, fromSource = Boolean(process.env.HELIOS_FROM_SOURCE)) {
  applyV8Tuning();
  const built = fromSource ? undefined : freshBundle(app);
  if (built !== undefined) {
    // Stack traces in the logs name the TypeScript sources (dist/main.js.map); only a trace that is
    // printed pays for the lookup.
    if (existsSync(`${built}.map`)) process.setSourceMapsEnabled(true);
    require(built);
    return;
  }
  if (!process.env.TSX_TSCONFIG_PATH) process.env.TSX_TSCONFIG_PATH = join(root, 'tsconfig.base.json');
  require('tsx/cjs');
  require(join(root, 'apps', app, 'src', 'main.ts'));
}

module.exports = { runApp, freshBundle };
