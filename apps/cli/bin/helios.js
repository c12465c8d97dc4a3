#!/usr/bin/env node
// The built bundle when present (tools/setup builds it), otherwise the TypeScript source via tsx, so a
// checkout works before and after a build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'main.js');
if (existsSync(built) && !process.env.HELIOS_CLI_FROM_SOURCE) {
  require(built);
} else {
  process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', '..', '..', 'tsconfig.base.json');
  require('tsx/cjs');
  require(join(__dirname, '..', 'src', 'main.ts'));
}
