import { parentPort, workerData } from 'node:worker_threads';
import { runSweepVariant } from './run-sweep-variant';
import { seriesFromShared } from './shared-series';
import type { FromWorker, SweepJob, ToWorker } from './sweep-protocol';

/** A sweep worker thread: loads nothing itself (the bars are shared memory), runs grid points on request. */
const port = parentPort;
if (port === null) throw new Error('sweep-worker must run in a worker thread');
const job = workerData as SweepJob;
const series = seriesFromShared(job.series);
const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.kind === 'stop') {
    port.close();
    return;
  }
  runSweepVariant(series, job, message.index, message.params).then(
    (row) => send({ kind: 'row', row }),
    (error: unknown) => send({ kind: 'failed', index: message.index, message: error instanceof Error ? error.message : String(error) }),
  );
});
send({ kind: 'ready' });
