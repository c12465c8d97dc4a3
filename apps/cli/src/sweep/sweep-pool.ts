import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runSweepVariant } from './run-sweep-variant';
import { seriesFromShared } from './shared-series';
import type { FromWorker, SweepJob, SweepRow, ToWorker } from './sweep-protocol';

export interface SweepRunOptions {
  /** Worker threads; 0 runs every variant in this thread (tests, the one-core baseline). */
  workers: number;
  onRow?: (row: SweepRow, done: number, total: number) => void;
}

/**
 * Runs every grid point, spread over worker threads that each take the next point when they finish
 * one (so slow and fast variants balance out). Rows come back in completion order; the caller ranks.
 */
export async function runSweep(job: SweepJob, points: ReadonlyArray<Record<string, number>>, options: SweepRunOptions): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const total = points.length;
  if (options.workers === 0) {
    const series = seriesFromShared(job.series);
    for (let i = 0; i < total; i++) {
      const row = await runSweepVariant(series, job, i, points[i]);
      rows.push(row);
      options.onRow?.(row, rows.length, total);
    }
    return rows;
  }
  const count = Math.max(1, Math.min(options.workers, total));
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((done, fail) => {
      let finished = 0;
      const feed = (worker: Worker) => {
        if (next < total) {
          const index = next++;
          worker.postMessage({ kind: 'run', index, params: points[index] } satisfies ToWorker);
        } else {
          worker.postMessage({ kind: 'stop' } satisfies ToWorker);
          if (++finished === count) done();
        }
      };
      for (let w = 0; w < count; w++) {
        const worker = startWorker(job);
        workers.push(worker);
        worker.on('message', (message: FromWorker) => {
          if (message.kind === 'failed') {
            fail(new Error(`variant ${JSON.stringify(points[message.index])} failed: ${message.message}`));
            return;
          }
          if (message.kind === 'row') {
            rows.push(message.row);
            options.onRow?.(message.row, rows.length, total);
          }
          feed(worker);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a sweep worker exited with code ${code}`));
        });
      }
      if (total === 0) done();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return rows;
}

/**
 * A worker thread running sweep-worker: the bundled `sweep-worker.js` next to the bundled CLI, or,
 * from the TypeScript sources, the .ts file loaded through tsx (as bin/helios.js does for the CLI).
 */
function startWorker(job: SweepJob): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'sweep-worker.js'), { workerData: job });
  const tsx = require.resolve('tsx/cjs');
  const tsconfig = resolve(__dirname, '../../../../tsconfig.base.json');
  const entry = join(__dirname, 'sweep-worker.ts');
  const code = `process.env.TSX_TSCONFIG_PATH = ${JSON.stringify(tsconfig)}; require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData: job });
}
