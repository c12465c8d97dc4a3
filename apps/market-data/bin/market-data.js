#!/usr/bin/env node
// The market-data service from its TypeScript source through tsx (no build step), like apps/cli/bin/helios.js:
//   node apps/market-data/bin/market-data.js --nats nats://127.0.0.1:4222 --instance main
const { join } = require('node:path');

if (!process.env.TSX_TSCONFIG_PATH) process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', '..', '..', 'tsconfig.base.json');
require('tsx/cjs');
require(join(__dirname, '..', 'src', 'main.ts'));
