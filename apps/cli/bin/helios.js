#!/usr/bin/env node
// Runs the bundle tools/setup builds (fast start-up), unless a TypeScript source is newer than it:
// then the sources run through tsx, so an edit is never shadowed by a stale build.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..');
const built = join(__dirname, '..', 'dist', 'main.js');

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

function useBuild() {
  if (process.env.HELIOS_CLI_FROM_SOURCE || !existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return !newerSource(join(root, 'libs'), builtAt) && !newerSource(join(root, 'apps', 'cli', 'src'), builtAt);
}

if (useBuild()) {
  require(built);
} else {
  process.env.TSX_TSCONFIG_PATH = join(root, 'tsconfig.base.json');
  require('tsx/cjs');
  require(join(root, 'apps', 'cli', 'src', 'main.ts'));
}
