#!/usr/bin/env node
// The helios CLI: its bundle when fresh, else its TypeScript source through tsx (tools/lib/app-entry.js).
// HELIOS_CLI_FROM_SOURCE=1 (the CLI's tests) or HELIOS_FROM_SOURCE=1 forces the sources.
// eslint-disable-next-line @nx/enforce-module-boundaries -- a bin script loads the workspace's launcher by path; no project code imports it
require('../../../tools/lib/app-entry.js').runApp('cli', Boolean(process.env.HELIOS_CLI_FROM_SOURCE || process.env.HELIOS_FROM_SOURCE));
