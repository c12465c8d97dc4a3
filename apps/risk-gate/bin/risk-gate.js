#!/usr/bin/env node
// The risk-gate service: its bundle when fresh, else its TypeScript source through tsx (tools/lib/app-entry.js):
//   node apps/risk-gate/bin/risk-gate.js --nats nats://127.0.0.1:4222 --instance main
// eslint-disable-next-line @nx/enforce-module-boundaries -- a bin script loads the workspace's launcher by path; no project code imports it
require('../../../tools/lib/app-entry.js').runApp('risk-gate');
