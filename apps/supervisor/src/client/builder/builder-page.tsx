'use client';
import { useMemo } from 'react';
import type { BacktestRequest, DataFile, LiveInstrument, RunDetail } from '../../shared/api';
import { api } from '../api';
import { Builder, type BuilderServices } from './builder';

/** The builder wired to the gateway: data files, backtests (recorded as runs) and deployment to paper. */
export function BuilderPage({ template }: { template?: string }) {
  const services = useMemo<BuilderServices>(
    () => ({
      dataFiles: async () => (await api.get<{ files: DataFile[] }>('/data-files')).files,
      instruments: async () => (await api.get<{ instruments: LiveInstrument[] }>('/instruments')).instruments,
      runBacktest: (request: BacktestRequest) => api.post<RunDetail>('/backtests', request),
      deploy: async (definition) => {
        await api.post('/strategies', definition);
      },
    }),
    [],
  );
  return (
    <main className="space-y-3 p-4">
      <header>
        <h1 className="text-lg font-semibold text-neon-cyan">Strategy builder</h1>
        <p className="text-xs text-slate-400">Drag a template or blocks onto the canvas, link outputs to inputs, tune the parameters, run a backtest, deploy to paper.</p>
      </header>
      <Builder services={services} initialTemplate={template} />
    </main>
  );
}
