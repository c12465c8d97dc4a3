import { Type } from 'typebox';
import { backtestHeadline } from '@helios/nats';
import type { BacktestRequest } from '../../shared/api';
import type { Route } from '../route';
import { prepareGatewayBacktest } from '../runs/gateway-backtest';
import { runStoreOf } from '../runs/run-store-of';
import { runDetail } from '../runs/run-views';

const BacktestRequestSchema = Type.Object(
  {
    dataFile: Type.String({ minLength: 1, maxLength: 128, description: 'A name from GET /data-files, or `synthetic`.' }),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    params: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.Number())),
    graph: Type.Optional(Type.Object({ nodes: Type.Array(Type.Unknown(), { minItems: 1 }) }, { additionalProperties: true })),
    capital: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    feeBps: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 10_000 })),
    lotSize: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  },
  { additionalProperties: false },
);

export const backtestsRoutes: Route[] = [
  {
    method: 'POST',
    path: '/backtests',
    summary: 'Run a backtest now (the engine of helios backtest) on a data file, record it as a run, and answer the run with its result',
    tag: 'runs',
    body: BacktestRequestSchema,
    handler: async (req, ctx) => {
      const request = req.body as BacktestRequest;
      // A request that cannot run (bad file, parameter out of range) is a 400, not a failed run.
      const prepared = prepareGatewayBacktest(request, ctx.dataDir);
      const store = await runStoreOf(ctx);
      const settings: Record<string, unknown> = { capital: request.capital ?? 10_000, feeBps: request.feeBps ?? 0, lotSize: request.lotSize ?? 1 };
      if (request.graph !== undefined) settings['graph'] = request.graph;
      // Recorded from the start, so a backtest that fails is in the runs list with its error.
      const run = await store.start({
        kind: 'backtest',
        strategy: prepared.strategyName,
        dataFile: request.dataFile,
        params: prepared.params,
        settings,
      });
      let output;
      try {
        output = await prepared.run();
      } catch (error) {
        await store.fail(run, error);
        throw error;
      }
      await store.complete(run, { result: output, metrics: backtestHeadline(output) });
      const recorded = (await store.get(run.runId)) ?? run;
      ctx.log.info({ runId: run.runId, strategy: output.strategy.name }, 'backtest recorded');
      return { status: 201, json: runDetail(recorded, output) };
    },
  },
];
