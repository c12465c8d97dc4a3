/**
 * Calls `fn` until it resolves, waiting `everyMs` between attempts; after `forMs` the last error is
 * thrown. A cluster that has just formed answers "no suitable peers for placement" (creating an R3
 * stream) and "no responders" (publishing before the new stream has a leader) for a while.
 */
export async function retryFor<T>(forMs: number, fn: () => Promise<T>, everyMs = 500): Promise<T> {
  const deadline = Date.now() + forMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
