/**
 * Orders items so that each comes after everything it depends on, keeping the given order where the
 * dependencies allow (a depth-first walk in list order), or returns one cycle by its ids.
 * Iterative, so a long chain of nodes cannot overflow the stack.
 */
export function topologicalOrder<T extends { readonly id: string }>(
  items: readonly T[],
  dependencies: (item: T) => readonly string[],
): { order: T[] } | { cycle: string[] } {
  const byId = new Map(items.map((item) => [item.id, item]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: T[] = [];
  for (const root of items) {
    if (state.has(root.id)) continue;
    const stack: Array<{ item: T; deps: readonly string[]; next: number }> = [{ item: root, deps: dependencies(root), next: 0 }];
    state.set(root.id, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next === top.deps.length) {
        stack.pop();
        state.set(top.item.id, 'done');
        order.push(top.item);
        continue;
      }
      const depId = top.deps[top.next++];
      const dep = byId.get(depId);
      if (!dep) continue;
      const seen = state.get(depId);
      if (seen === 'done') continue;
      if (seen === 'visiting') {
        const from = stack.findIndex((frame) => frame.item.id === depId);
        return { cycle: stack.slice(from).map((frame) => frame.item.id) };
      }
      state.set(depId, 'visiting');
      stack.push({ item: dep, deps: dependencies(dep), next: 0 });
    }
  }
  return { order };
}
