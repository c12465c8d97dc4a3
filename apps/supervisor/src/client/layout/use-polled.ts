'use client';
// A REST resource re-read every few seconds (lists that change without a live topic), with its
// loading and error state; `reload` re-reads at once (after a command).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

export function usePolled<T>(load: () => Promise<T>, everyMs: number, key = ''): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const loader = useRef(load);
  loader.current = load;
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const value = await loader.current();
        if (!live) return;
        setData(value);
        setError(undefined);
      } catch (err) {
        if (live) setError((err as Error).message);
      } finally {
        if (live) {
          setLoading(false);
          timer = setTimeout(() => void tick(), everyMs);
        }
      }
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [everyMs, key, nonce]);
  // The same object until something changed, so a caller may memoize on it.
  return useMemo(() => ({ data, error, loading, reload }), [data, error, loading, reload]);
}
