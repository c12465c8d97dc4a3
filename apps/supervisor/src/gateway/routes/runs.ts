import { Type } from 'typebox';
import { ApiFailure, type Route } from '../route';
import { runStoreOf } from '../runs/run-store-of';
import { readRunQuery, runDetail, runSummary, selectRuns, tradesCsv } from '../runs/run-views';

const RunSummarySchema = Type.Object(
  {
    runId: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    strategy: Type.Optional(Type.String()),
    dataFile: Type.Optional(Type.String()),
    params: Type.Optional(Type.Record(Type.String(), Type.Number())),
    startedAt: Type.Integer(),
    finishedAt: Type.Optional(Type.Integer()),
    metrics: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()]))),
    runHash: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

async function findRun(runId: string, ctx: Parameters<Route['handler']>[1]) {
  const store = await runStoreOf(ctx);
  const run = await store.get(runId);
  if (run === undefined) throw new ApiFailure(404, `no run ${JSON.stringify(runId)}`, 'runId');
  return { store, run };
}

export const runsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/runs',
    summary: 'Recorded backtests, sweeps and replays; ?kind= &strategy= filter, ?sort=startedAt|finishedAt|<metric> &order=asc|desc',
    tag: 'runs',
    response: Type.Object({ runs: Type.Array(RunSummarySchema) }),
    handler: async (req, ctx) => {
      const query = readRunQuery(req.query);
      const runs = (await (await runStoreOf(ctx)).list()).map(runSummary);
      return { status: 200, json: { runs: selectRuns(runs, query) } };
    },
  },
  {
    method: 'GET',
    path: '/runs/:runId',
    summary: 'One run: its summary and its full result JSON (as helios backtest --out writes it)',
    tag: 'runs',
    response: RunSummarySchema,
    handler: async (req, ctx) => {
      const { store, run } = await findRun(req.params['runId'], ctx);
      return { status: 200, json: runDetail(run, await store.result(run)) };
    },
  },
  {
    method: 'GET',
    path: '/runs/:runId/trades.csv',
    summary: "A run's closed trades as CSV",
    tag: 'runs',
    handler: async (req, ctx) => {
      const { store, run } = await findRun(req.params['runId'], ctx);
      const result = await store.result(run);
      if (result === undefined) throw new ApiFailure(404, `run ${run.runId} has no result (status ${run.status})`, 'runId');
      return { status: 200, text: { body: tradesCsv(result), contentType: 'text/csv; charset=utf-8', filename: `${run.runId}-trades.csv` } };
    },
  },
];
