// Re-running a recorded run with changed parameters: the same strategy source (template or graph),
// data file and settings as recorded, with the new values.
import type { BacktestRequest, RunDetail } from '../../shared/api';

export function rerunRequest(run: RunDetail, params: Record<string, number>): BacktestRequest {
  if (run.dataFile === undefined) throw new Error(`run ${run.runId} has no data file recorded; it cannot be re-run here`);
  const result = (run.result ?? {}) as { strategy?: { kind?: string; name?: string; graph?: Record<string, unknown> }; settings?: Record<string, unknown> };
  const recorded = result.settings ?? {};
  const graph = result.strategy?.graph;
  const request: BacktestRequest = { dataFile: run.dataFile, params };
  if (result.strategy?.kind === 'graph' && graph !== undefined) request.graph = graph;
  else if (result.strategy?.kind === 'template' || result.strategy?.kind === undefined) request.template = result.strategy?.name ?? run.strategy;
  else throw new Error(`run ${run.runId} ran a ${result.strategy.kind} strategy; only template and graph runs can be re-run from the browser`);
  if (typeof recorded['cash'] === 'number') request.capital = recorded['cash'];
  if (typeof recorded['lotSize'] === 'number') request.lotSize = recorded['lotSize'];
  if (typeof recorded['feeBps'] === 'number') request.feeBps = recorded['feeBps'];
  return request;
}

/** Parameters that differ between two runs, for the compare view's header. */
export function paramDiff(a: Record<string, number> = {}, b: Record<string, number> = {}): Array<{ name: string; a?: number; b?: number }> {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.map((name) => ({ name, a: a[name], b: b[name] }));
}
