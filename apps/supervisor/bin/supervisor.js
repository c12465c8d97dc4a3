#!/usr/bin/env node
// The supervisor (gateway + Next.js pages) from its TypeScript source through tsx, like the services:
//   HELIOS_SUPERVISOR_TOKEN=... node apps/supervisor/bin/supervisor.js --nats nats://127.0.0.1:4222 --port 3000 [--dev]
const { join } = require('node:path');

if (!process.env.TSX_TSCONFIG_PATH) process.env.TSX_TSCONFIG_PATH = join(__dirname, '..', '..', '..', 'tsconfig.base.json');
if (!process.env.NEXT_TELEMETRY_DISABLED) process.env.NEXT_TELEMETRY_DISABLED = '1';
require('tsx/cjs');
require(join(__dirname, '..', 'server.ts'));
