'use client';
import type { DeadLetterRow, SystemView } from '../../shared/api';
import { api } from '../api';
import { usePolled } from '../layout/use-polled';
import { ErrorNote, Loading } from '../ui/states';
import { SystemScreen } from './system-screen';

export function SystemPage() {
  const system = usePolled(() => api.get<SystemView>('/system'), 3000);
  const dlq = usePolled(() => api.get<DeadLetterRow[]>('/dlq?limit=100'), 5000);
  return (
    <div className="mx-auto max-w-[1400px] space-y-3 p-4">
      {system.error !== undefined && <ErrorNote>System view unavailable: {system.error}</ErrorNote>}
      {dlq.error !== undefined && <ErrorNote>Dead letters unavailable: {dlq.error}</ErrorNote>}
      {system.data === undefined ? system.loading && <Loading what="streams and consumers" /> : <SystemScreen system={system.data} deadLetters={dlq.data ?? []} now={Date.now()} />}
    </div>
  );
}
