'use client';
import type { DeadLetterRow, SystemView } from '../../shared/api';
import { apiCall as callApi } from '../api';
import { usePolled } from '../layout/use-polled';
import { ErrorNote, Loading } from '../ui/states';
import { SystemScreen } from './system-screen';

/** GET /dlq answers a list; accept `{ deadLetters }`/`{ rows }` too. */
const rowsOf = (x: unknown): DeadLetterRow[] => (Array.isArray(x) ? x : ((x as { deadLetters?: DeadLetterRow[]; rows?: DeadLetterRow[] } | undefined)?.deadLetters ?? (x as { rows?: DeadLetterRow[] } | undefined)?.rows ?? []));

export function SystemPage() {
  const system = usePolled(() => callApi<SystemView>('GET', '/system'), 3000);
  const dlq = usePolled(async () => rowsOf(await callApi<unknown>('GET', '/dlq?limit=100')), 5000);
  return (
    <div className="mx-auto max-w-[1400px] space-y-3 p-4">
      {system.error !== undefined && <ErrorNote>System view unavailable: {system.error}</ErrorNote>}
      {dlq.error !== undefined && <ErrorNote>Dead letters unavailable: {dlq.error}</ErrorNote>}
      {system.data === undefined ? system.loading && <Loading what="streams and consumers" /> : <SystemScreen system={system.data} deadLetters={dlq.data ?? []} now={Date.now()} />}
    </div>
  );
}
