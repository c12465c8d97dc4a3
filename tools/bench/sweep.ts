/**
 * `npm run bench:sweep`: variants per second of `helios sweep` on all cores against one worker, on the
 * same grid: sma-cross over the BTC 1-minute file (45,031 bars), fast 5..30:5 x slow 40..110:10
 * (48 variants, every one valid), each a full pipeline backtest. Builds the CLI bundle first (Nx,
 * cached), runs the real command and reads the rate it reports, which includes starting the worker
 * threads. Prints a table, the speed-up, then one JSON line (`--json`: only the JSON).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DATA = resolve(ROOT, '../shared/data/btc_perp_ftx_1m.csv');
const GRID = ['--grid', 'fast=5..30:5', '--grid', 'slow=40..110:10'];

const jsonOnly = process.argv.includes('--json');
const say = (line = '') => {
  if (!jsonOnly) console.log(line);
};

interface SweepRun {
  workers: number;
  variants: number;
  seconds: number;
  variantsPerSecond: number;
  best: string;
}

function sweep(workers: number): SweepRun {
  const args = [resolve(ROOT, 'apps/cli/bin/helios.js'), 'sweep', '--data', DATA, '--strategy', 'sma-cross', '--lot-size', '0.001', ...GRID, '--workers', String(workers), '--top', '1'];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`helios sweep --workers ${workers} failed (${child.status}): ${child.stderr}`);
  const summary = /(\d+) run on (\d+) workers in ([\d.]+) s \(([\d.]+) variants\/s\)/.exec(child.stdout);
  if (summary === null) throw new Error(`unexpected helios sweep output:\n${child.stdout}`);
  const table = child.stdout.trim().split('\n');
  return { workers: Number(summary[2]), variants: Number(summary[1]), seconds: Number(summary[3]), variantsPerSecond: Number(summary[4]), best: table[table.length - 1] };
}

/** The bundle the bin runs; a stale one would measure old code. */
function buildCli(): void {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  const nx = require.resolve('nx/bin/nx', { paths: [ROOT] });
  const build = spawnSync(process.execPath, [nx, 'run', 'cli:build', '--outputStyle=static'], { cwd: ROOT, encoding: 'utf8', env });
  if (build.status !== 0) throw new Error(`nx run cli:build failed:\n${build.stdout}\n${build.stderr}`);
}

buildCli();
const ROUNDS = 2;
const cores = availableParallelism();
say(`helios sweep sma-cross on btc_perp_ftx_1m.csv (45,031 bars), ${GRID.filter((g) => g !== '--grid').join(' x ')}, best of ${ROUNDS}`);
const best = (a: SweepRun | undefined, b: SweepRun) => (a === undefined || b.variantsPerSecond > a.variantsPerSecond ? b : a);
let one: SweepRun | undefined;
let all: SweepRun | undefined;
// Alternating rounds, so a busy moment of the machine hits both sides alike.
for (let round = 0; round < ROUNDS; round++) {
  one = best(one, sweep(1));
  all = best(all, sweep(cores));
}
if (one === undefined || all === undefined) throw new Error('no rounds ran');
const speedup = all.variantsPerSecond / one.variantsPerSecond;
say('');
say(`  ${'workers'.padEnd(10)} ${'variants'.padStart(9)} ${'seconds'.padStart(9)} ${'variants/s'.padStart(11)}`);
for (const r of [one, all]) say(`  ${String(r.workers).padEnd(10)} ${String(r.variants).padStart(9)} ${r.seconds.toFixed(2).padStart(9)} ${r.variantsPerSecond.toFixed(1).padStart(11)}`);
say('');
say(`  all cores (${cores}) / one: ${speedup.toFixed(2)}x`);
say(`  same best row both ways: ${one.best === all.best ? 'yes' : 'NO'}`);
console.log(
  JSON.stringify({
    bench: 'sweep',
    cores,
    variants: all.variants,
    oneWorkerVariantsPerSecond: one.variantsPerSecond,
    allCoresVariantsPerSecond: all.variantsPerSecond,
    speedup: Number(speedup.toFixed(3)),
    sameBest: one.best === all.best,
  }),
);
if (one.best !== all.best) process.exitCode = 1;
