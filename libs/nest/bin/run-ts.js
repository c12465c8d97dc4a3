#!/usr/bin/env node
// Runs a TypeScript entry point of this repository through tsx with the workspace's path aliases: no
// build step. Service code is decorator-free, so esbuild's transform (no decorator metadata) is enough.
//   node libs/nest/bin/run-ts.js <entry.ts> [args...]    or    require('.../run-ts.js').runTs(entry)
const { join, resolve } = require('node:path');

function runTs(entry) {
  if (!process.env.TSX_TSCONFIG_PATH) process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', '..', '..', 'tsconfig.base.json');
  require('tsx/cjs');
  require(resolve(entry));
}

module.exports = { runTs };

if (require.main === module) {
  const entry = process.argv[2];
  if (!entry) {
    process.stderr.write('usage: node libs/nest/bin/run-ts.js <entry.ts> [args...]\n');
    process.exit(2);
  }
  // The entry point sees its own arguments at process.argv[2...], as if it had been run directly.
  process.argv.splice(2, 1);
  runTs(entry);
}
