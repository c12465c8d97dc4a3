import { idFromText } from '@helios/contracts';
import { strategyDecider } from '@helios/domain-strategy';
import { generateSyntheticOhlcv, medianSpacingMs, msToTimeframe, type OhlcvSeries } from '@helios/domain-market-data';
import { backtestReport, runBacktest, type BacktestReport, type BacktestStrategy } from '@helios/kernel';
import { bindParams, ExpressionError, GraphValidationError, instantiateTemplate, templates, type StrategyGraph } from '@helios/strategy-dsl';
import type { BacktestRequest } from '../../shared/api';
import { ApiFailure } from '../route';
import { loadDataFile, symbolOfFile } from './data-files';

/** `dataFile: "synthetic"`: a fixed seed, so the same request gives the same run hash. */
export const SYNTHETIC = 'synthetic';
const SYNTHETIC_OPTIONS = { seed: 7, bars: 2_000, startTime: Date.UTC(2024, 0, 1), timeframeMs: 3_600_000, startPrice: 100 };

/** The same JSON as `helios backtest --out` writes. */
export type BacktestOutput = BacktestReport;

export interface PreparedBacktest {
  strategyName: string;
  /** Every parameter's value (the given ones over the defaults). */
  params: Record<string, number>;
  run(): Promise<BacktestOutput>;
}

/**
 * Checks a backtest request and loads its data (bad requests are ApiFailures naming the field);
 * `run` then runs it in-process with the engine `helios backtest` uses (runBacktest over the same
 * deciders, ADR 0005/0006).
 */
export function prepareGatewayBacktest(request: BacktestRequest, dataDir: string): PreparedBacktest {
  if ((request.template === undefined) === (request.graph === undefined)) {
    throw new ApiFailure(400, 'give exactly one of template (with params) and graph', request.template === undefined ? 'template' : 'graph');
  }
  const { series, symbol } = loadSeries(request.dataFile, dataDir);
  const spacing = medianSpacingMs(series.time, series.length);
  const tf = Number.isFinite(spacing) ? msToTimeframe(spacing) : '1d';
  const built = buildStrategy(request, symbol, tf);
  const cash = request.capital ?? 10_000;
  const lotSize = request.lotSize ?? 1;
  const feeBps = request.feeBps ?? 0;
  const run = async (): Promise<BacktestOutput> => {
    const result = await runBacktest({ series, symbol, tf, strategy: built.strategy, cash, lotSize, feeBps, slippageBps: 0, includeEquityCurve: true });
    // The graph travels with the result, so the run can be re-run (and read) without the builder.
    const strategy = { name: built.name, kind: built.kind, params: built.params, ...(request.graph !== undefined ? { graph: request.graph } : {}) };
    return backtestReport({ strategy, dataFile: request.dataFile, symbol, tf, settings: { cash, lotSize, feeBps, slippageBps: 0 }, result });
  };
  return { strategyName: built.name, params: built.params, run };
}

function loadSeries(dataFile: string, dataDir: string): { series: OhlcvSeries; symbol: string } {
  if (dataFile === SYNTHETIC) return { series: generateSyntheticOhlcv(SYNTHETIC_OPTIONS), symbol: 'SYNTH' };
  return { series: loadDataFile(dataDir, dataFile).series, symbol: symbolOfFile(dataFile) };
}

function buildStrategy(request: BacktestRequest, symbol: string, tf: string): { strategy: BacktestStrategy; name: string; kind: string; params: Record<string, number> } {
  const given = request.params ?? {};
  try {
    if (request.template !== undefined) {
      if (!Object.hasOwn(templates, request.template)) {
        throw new ApiFailure(400, `unknown template ${JSON.stringify(request.template)} (templates: ${Object.keys(templates).join(', ')})`, 'template');
      }
      const id = request.template;
      const instance = instantiateTemplate(id, { params: given, instruments: [symbol], timeframe: tf });
      return { strategy: { id, decider: strategyDecider({ strategyId: id, spec: instance.spec }) }, name: id, kind: 'template', params: { ...instance.params } };
    }
    const graph = request.graph as unknown as StrategyGraph;
    const id = strategyIdOf(graph.name);
    const params = bindParams(graph.params ?? {}, graph.constraints ?? [], given, 'params');
    const decider = strategyDecider({ strategyId: id, graph, params: given, instruments: [symbol], timeframe: tf });
    return { strategy: { id, decider }, name: id, kind: 'graph', params };
  } catch (error) {
    if (error instanceof GraphValidationError) {
      const param = error.issues.find((i) => i.param !== undefined)?.param;
      throw new ApiFailure(400, error.message, param !== undefined ? `params.${param}` : request.graph !== undefined ? 'graph' : 'params');
    }
    if (error instanceof ExpressionError) throw new ApiFailure(400, error.message, 'graph');
    throw error;
  }
}

/** A graph's name as a strategy id (subject token); `builder` when it has none. */
export function strategyIdOf(name: string | undefined): string {
  return idFromText(name ?? '', 'builder');
}
