#!/usr/bin/env node
// The market-data service: its bundle when fresh, else its TypeScript source through tsx (tools/lib/app-entry.js):
//   node apps/market-data/bin/market-data.js --nats nats://127.0.0.1:4222 --instance main
// eslint-disable-next-line @nx/enforce-module-boundaries -- a bin script loads the workspace's launcher by path; no project code imports it
require('../../../tools/lib/app-entry.js').runApp('market-data');
