import type { ArithOp, CompareOp, LogicOp, PriceField, SizingMode, StrategyGraph } from '../graph/graph-schema';
import type { IndicatorDef } from '../graph/indicator-catalog';
import type { PortType } from '../graph/node-ports';
import type { ParamValues } from '../graph/params';
import { resolveGraph, type ResolvedGraph, type ResolvedNode } from '../graph/validate-graph';

/** One output of one node: a number (a boolean is 1, 0 or NaN = not ready) in a numbered slot. */
export interface Slot {
  readonly index: number;
  /** `node.port` */
  readonly key: string;
  readonly nodeId: string;
  readonly port: string;
  readonly type: PortType;
  /** Never NaN: prices and constants. Lets the compiler skip the readiness test in front of an indicator. */
  readonly alwaysReady: boolean;
}

/** No input: -1. */
export type SlotRef = number;

export type PlanStep =
  | { readonly kind: 'price'; readonly id: string; readonly field: PriceField; readonly out: number }
  | { readonly kind: 'constant'; readonly id: string; readonly value: number; readonly out: number }
  | {
      readonly kind: 'indicator';
      readonly id: string;
      readonly def: IndicatorDef;
      readonly args: ReadonlyArray<number | undefined>;
      /** Input series slot, or -1 for indicators that read the bar. */
      readonly source: SlotRef;
      /** One slot per `def.outputs`. */
      readonly outs: readonly number[];
    }
  | { readonly kind: 'arith'; readonly id: string; readonly op: ArithOp; readonly a: SlotRef; readonly b: SlotRef; readonly out: number }
  | { readonly kind: 'compare'; readonly id: string; readonly op: CompareOp; readonly a: SlotRef; readonly b: SlotRef; readonly out: number }
  | { readonly kind: 'cross'; readonly id: string; readonly direction: 'up' | 'down'; readonly a: SlotRef; readonly b: SlotRef; readonly out: number }
  | { readonly kind: 'logic'; readonly id: string; readonly op: LogicOp; readonly a: SlotRef; readonly b: SlotRef; readonly out: number }
  | {
      readonly kind: 'threshold';
      readonly id: string;
      readonly direction: 'above' | 'below';
      readonly level: number;
      readonly hysteresis: number;
      readonly value: SlotRef;
      readonly out: number;
    }
  | { readonly kind: 'lag'; readonly id: string; readonly bars: number; readonly value: SlotRef; readonly out: number }
  | { readonly kind: 'ml'; readonly id: string; readonly model: string | undefined; readonly out: number }
  | {
      readonly kind: 'sizing';
      readonly id: string;
      readonly mode: SizingMode;
      readonly weight: number;
      readonly scale: number;
      readonly entry: SlotRef;
      readonly exit: SlotRef;
      readonly signal: SlotRef;
      readonly out: number;
    }
  | { readonly kind: 'target'; readonly id: string; readonly weight: SlotRef };

/**
 * A validated graph lowered for evaluation: parameters bound, only the nodes the target depends on,
 * in topological order, each output in a numbered slot. Both evaluators run the same plan.
 */
export interface EvaluationPlan {
  readonly name: string;
  readonly steps: readonly PlanStep[];
  readonly slots: readonly Slot[];
  readonly resolved: ResolvedGraph;
}

export interface PlanOptions {
  /** Also evaluate nodes the target does not depend on (to show their values); default false. */
  readonly keepUnused?: boolean;
}

export function buildPlan(graph: StrategyGraph | ResolvedGraph, params: ParamValues = {}, options: PlanOptions = {}): EvaluationPlan {
  const resolved = 'order' in graph ? graph : resolveGraph(graph, params);
  const needed = options.keepUnused ? new Set(resolved.byId.keys()) : neededNodes(resolved);
  const slots: Slot[] = [];
  const slotOf = new Map<string, number>();
  const steps: PlanStep[] = [];

  const output = (node: ResolvedNode, port: string, type: PortType, alwaysReady = false): number => {
    const slot: Slot = { index: slots.length, key: `${node.node.id}.${port}`, nodeId: node.node.id, port, type, alwaysReady };
    slots.push(slot);
    slotOf.set(slot.key, slot.index);
    return slot.index;
  };
  const input = (node: ResolvedNode, port: string): SlotRef => {
    const ref = node.inputs.get(port);
    return ref ? (slotOf.get(`${ref.nodeId}.${ref.port}`) as number) : -1;
  };

  for (const r of resolved.order) {
    if (!needed.has(r.node.id)) continue;
    const n = r.node;
    const num = (field: string, fallback: number) => (Object.hasOwn(r.numbers, field) ? r.numbers[field] : fallback);
    switch (n.kind) {
      case 'price':
        steps.push({ kind: 'price', id: n.id, field: n.field, out: output(r, 'value', 'number', true) });
        break;
      case 'constant':
        steps.push({ kind: 'constant', id: n.id, value: r.numbers['value'], out: output(r, 'value', 'number', true) });
        break;
      case 'indicator': {
        const { def, args } = r.indicator as NonNullable<ResolvedNode['indicator']>;
        const source = def.input === 'series' ? input(r, 'source') : -1;
        steps.push({ kind: 'indicator', id: n.id, def, args, source, outs: def.outputs.map((port) => output(r, port, 'number')) });
        break;
      }
      case 'arith':
        steps.push({ kind: 'arith', id: n.id, op: n.op, a: input(r, 'a'), b: input(r, 'b'), out: output(r, 'value', 'number') });
        break;
      case 'compare':
        steps.push({ kind: 'compare', id: n.id, op: n.op, a: input(r, 'a'), b: input(r, 'b'), out: output(r, 'value', 'boolean') });
        break;
      case 'cross':
        steps.push({ kind: 'cross', id: n.id, direction: n.direction, a: input(r, 'a'), b: input(r, 'b'), out: output(r, 'value', 'boolean') });
        break;
      case 'logic':
        steps.push({ kind: 'logic', id: n.id, op: n.op, a: input(r, 'a'), b: input(r, 'b'), out: output(r, 'value', 'boolean') });
        break;
      case 'threshold':
        steps.push({
          kind: 'threshold',
          id: n.id,
          direction: n.direction,
          level: r.numbers['level'],
          hysteresis: num('hysteresis', 0),
          value: input(r, 'value'),
          out: output(r, 'value', 'boolean'),
        });
        break;
      case 'lag':
        steps.push({ kind: 'lag', id: n.id, bars: r.numbers['bars'], value: input(r, 'value'), out: output(r, 'value', 'number') });
        break;
      case 'ml':
        steps.push({ kind: 'ml', id: n.id, model: n.model, out: output(r, 'value', 'number') });
        break;
      case 'sizing':
        steps.push({
          kind: 'sizing',
          id: n.id,
          mode: n.mode,
          weight: num('weight', 1),
          scale: num('scale', 1),
          entry: input(r, 'entry'),
          exit: input(r, 'exit'),
          signal: input(r, 'signal'),
          out: output(r, 'value', 'number'),
        });
        break;
      case 'target':
        steps.push({ kind: 'target', id: n.id, weight: input(r, 'weight') });
        break;
    }
  }
  return { name: resolved.graph.name ?? 'strategy', steps, slots, resolved };
}

/** The target and everything it reads, directly or not: other nodes cost nothing per bar. */
function neededNodes(resolved: ResolvedGraph): Set<string> {
  const needed = new Set<string>();
  const stack = [resolved.target.node.id];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (needed.has(id)) continue;
    needed.add(id);
    for (const input of (resolved.byId.get(id) as ResolvedNode).inputs.values()) stack.push(input.nodeId);
  }
  return needed;
}
