#!/usr/bin/env node
// The node agent (process supervisor) from its TypeScript source through tsx (no build step):
//   node apps/node-agent/bin/node-agent.js --manifest .helios/manifest.json --home .helios
const { join } = require('node:path');

if (!process.env.TSX_TSCONFIG_PATH) process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', '..', '..', 'tsconfig.base.json');
require('tsx/cjs');
require(join(__dirname, '..', 'src', 'main.ts'));
