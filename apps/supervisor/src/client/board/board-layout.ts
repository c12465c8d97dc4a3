// Deterministic positions: one column per pipeline stage, nodes of a column sorted by id and centred,
// so a node keeps its place while heartbeats come and go and a new strategy only shifts its column.
import type { NodeKind } from './board-types';

export const COLUMN_WIDTH = 250;
export const ROW_HEIGHT = 150;

const COLUMN: Record<NodeKind, number> = { feed: 0, indicators: 1, strategy: 2, risk: 3, 'order-engine': 4, exchange: 5, portfolio: 6, other: 7 };

/** Indicators sit above the feed -> strategy edges that cross their column. */
const INDICATORS_TOP = -ROW_HEIGHT * 1.4;

export function positionsOf(nodes: ReadonlyArray<{ id: string; kind: NodeKind }>): Map<string, { x: number; y: number }> {
  const byKind = new Map<NodeKind, string[]>();
  for (const n of nodes) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n.id]);
  const out = new Map<string, { x: number; y: number }>();
  for (const [kind, ids] of byKind) {
    const sorted = [...ids].sort();
    sorted.forEach((id, i) => {
      const x = COLUMN[kind] * COLUMN_WIDTH;
      const y = kind === 'indicators' ? INDICATORS_TOP - i * ROW_HEIGHT : (i - (sorted.length - 1) / 2) * ROW_HEIGHT;
      out.set(id, { x, y });
    });
  }
  return out;
}
