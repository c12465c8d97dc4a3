'use client';
import { useEffect, useState } from 'react';
import type { StrategyGraph } from '@helios/strategy-dsl';
import type { DataFile, RunDetail } from '../../shared/api';
import { BacktestResult } from '../runs/backtest-result';
import { Button } from '../ui/button';
import { Panel } from '../ui/panel';
import { ErrorNote } from '../ui/states';
import type { BuilderServices } from './builder';

const inputClass = 'rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-xs text-slate-100';

/** "Run backtest": the canvas's graph on a chosen data file, recorded as a run; the result shows inline. */
export function BacktestPanel({ services, graph, params, ready }: { services: BuilderServices; graph: StrategyGraph; params: Record<string, number>; ready: boolean }) {
  const [files, setFiles] = useState<DataFile[] | null>(null);
  const [dataFile, setDataFile] = useState('synthetic');
  const [capital, setCapital] = useState(10_000);
  const [lotSize, setLotSize] = useState(1);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    services.dataFiles().then(setFiles, (e: Error) => setError(`data files: ${e.message}`));
  }, [services]);

  const start = async () => {
    setRunning(true);
    setError(null);
    try {
      setRun(await services.runBacktest({ dataFile, graph: graph as unknown as Record<string, unknown>, params, capital, lotSize }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Panel
      title="Backtest"
      actions={
        <>
          <select aria-label="data file" className={inputClass} value={dataFile} onChange={(e) => setDataFile(e.target.value)}>
            <option value="synthetic">synthetic (2,000 bars, 1h)</option>
            {(files ?? []).map((f) => (
              <option key={f.name} value={f.name}>
                {f.name} ({f.bars} bars{f.timeframe ? `, ${f.timeframe}` : ''})
              </option>
            ))}
          </select>
          <input aria-label="capital" type="number" className={`${inputClass} w-24`} value={capital} onChange={(e) => setCapital(Number(e.target.value))} title="starting capital" />
          <input aria-label="lot size" type="number" className={`${inputClass} w-20`} value={lotSize} step="any" onChange={(e) => setLotSize(Number(e.target.value))} title="lot size" />
          <Button variant="primary" onClick={start} disabled={!ready || running} data-testid="run-backtest">
            {running ? 'Running…' : 'Run backtest'}
          </Button>
        </>
      }
    >
      {error !== null && <ErrorNote>{error}</ErrorNote>}
      {run === null && error === null && <p className="text-xs text-slate-500">{ready ? 'Choose a data file and run the strategy on the canvas.' : graph.nodes.length === 0 ? 'Put a strategy on the canvas to run a backtest.' : 'Fix the problems on the canvas to run a backtest.'}</p>}
      {run !== null && (
        <div className="space-y-2">
          <p className="text-xs text-slate-400" data-testid="run-info">
            Run{' '}
            <a className="font-mono text-neon-cyan hover:underline" href={`/runs/${encodeURIComponent(run.runId)}`}>
              {run.runId}
            </a>{' '}
            · {run.status} · hash <span className="font-mono">{run.runHash?.slice(0, 12)}</span>
          </p>
          <BacktestResult result={run.result} csvHref={`/api/v1/runs/${encodeURIComponent(run.runId)}/trades.csv`} />
        </div>
      )}
    </Panel>
  );
}
