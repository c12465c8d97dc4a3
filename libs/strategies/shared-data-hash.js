// Prints a SHA-256 of each shared data file the `real` backtest configurations read. They live
// outside the workspace (../shared/data), where Nx file inputs cannot reach, so the backtest targets
// take this output as a runtime input: Nx re-runs them when the data changes, and a clone without
// the files still hashes (as "missing").
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const FILES = ['btc_perp_ftx_1h.csv', 'goog_daily_2004_2013.csv'];
const dir = join(__dirname, '..', '..', '..', 'shared', 'data');
for (const name of FILES) {
  let digest = 'missing';
  try {
    digest = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
  } catch {
    // Reported as missing: the default (synthetic) configuration does not need the file.
  }
  console.log(`${name} ${digest}`);
}
