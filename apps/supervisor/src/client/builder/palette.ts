// The blocks a user can drop on the canvas: one per node kind of the DSL (an indicator block per
// catalog entry), each with defaults that make it valid on its own, grouped as the product describes
// them (data, indicators, signals, logic, risk / sizing, output).
import { indicatorCatalog, type GraphNode } from '@helios/strategy-dsl';

export interface PaletteBlock {
  key: string;
  group: 'Data' | 'Indicators' | 'Signals' | 'Logic & math' | 'Sizing & output';
  title: string;
  hint: string;
  /** The node to add, without its id. */
  make(): Omit<GraphNode, 'id'>;
}

const indicatorBlocks: PaletteBlock[] = [...indicatorCatalog.values()].map((def) => ({
  key: `indicator:${def.name}`,
  group: 'Indicators',
  title: def.name.toUpperCase(),
  hint: def.title,
  make: () => {
    const params = Object.fromEntries(def.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default as number]));
    return { kind: 'indicator', indicator: def.name, params, ...(def.input === 'series' ? { inputs: {} } : {}) } as Omit<GraphNode, 'id'>;
  },
}));

export const PALETTE: readonly PaletteBlock[] = [
  { key: 'price', group: 'Data', title: 'Market data', hint: 'a field of each bar (close, high, ...)', make: () => ({ kind: 'price', field: 'close' }) },
  { key: 'constant', group: 'Data', title: 'Constant', hint: 'a fixed number', make: () => ({ kind: 'constant', value: 0 }) },
  { key: 'ml', group: 'Data', title: 'ML advice', hint: 'latest ml.advice score (advisory)', make: () => ({ kind: 'ml' }) },
  ...indicatorBlocks,
  { key: 'cross', group: 'Signals', title: 'Cross', hint: 'a crosses above / below b', make: () => ({ kind: 'cross', direction: 'up', inputs: {} }) },
  { key: 'compare', group: 'Signals', title: 'Compare', hint: 'a < b, a > b, ...', make: () => ({ kind: 'compare', op: 'gt', inputs: {} }) },
  { key: 'threshold', group: 'Signals', title: 'Threshold', hint: 'value above / below a level', make: () => ({ kind: 'threshold', direction: 'above', level: 70, inputs: {} }) },
  { key: 'logic', group: 'Logic & math', title: 'And / or / not', hint: 'combine signals', make: () => ({ kind: 'logic', op: 'and', inputs: {} }) },
  { key: 'arith', group: 'Logic & math', title: 'Math', hint: 'a + b, a - b, ...', make: () => ({ kind: 'arith', op: 'sub', inputs: {} }) },
  { key: 'lag', group: 'Logic & math', title: 'Lag', hint: 'the value n bars ago', make: () => ({ kind: 'lag', bars: 1, inputs: {} }) },
  { key: 'sizing', group: 'Sizing & output', title: 'Position sizing', hint: 'signals -> target weight', make: () => ({ kind: 'sizing', mode: 'long-only', weight: 1, inputs: {} }) },
  { key: 'target', group: 'Sizing & output', title: 'Target (to risk gate)', hint: "the strategy's target weight", make: () => ({ kind: 'target', inputs: {} }) },
];

export const PALETTE_GROUPS = ['Data', 'Indicators', 'Signals', 'Logic & math', 'Sizing & output'] as const;

export function paletteBlock(key: string): PaletteBlock | undefined {
  return PALETTE.find((b) => b.key === key);
}

/** The stem of new node ids of a block: `sma` for indicators, the kind otherwise. */
export function idStem(node: Omit<GraphNode, 'id'>): string {
  return node.kind === 'indicator' ? (node as unknown as { indicator: string }).indicator : node.kind;
}
