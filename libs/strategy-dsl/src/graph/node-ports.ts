import type { GraphNode } from './graph-schema';
import { UNARY_ARITH_OPS } from './graph-schema';
import { indicatorCatalog } from './indicator-catalog';

/** What flows on a link: a number series, or a boolean series (1 true, 0 false, NaN not ready). */
export type PortType = 'number' | 'boolean';

export interface InputPort {
  readonly name: string;
  readonly type: PortType;
  readonly optional?: boolean;
}

export interface OutputPort {
  readonly name: string;
  readonly type: PortType;
}

const num = (name: string, optional = false): InputPort => ({ name, type: 'number', ...(optional ? { optional } : {}) });
const bool = (name: string, optional = false): InputPort => ({ name, type: 'boolean', ...(optional ? { optional } : {}) });
const NUMBER_OUT: readonly OutputPort[] = [{ name: 'value', type: 'number' }];
const BOOLEAN_OUT: readonly OutputPort[] = [{ name: 'value', type: 'boolean' }];

/** Input ports of a node; an unknown indicator has none (validation reports the indicator). */
export function inputPorts(node: GraphNode): readonly InputPort[] {
  switch (node.kind) {
    case 'price':
    case 'constant':
    case 'ml':
      return [];
    case 'indicator':
      return indicatorCatalog.get(node.indicator)?.input === 'series' ? [num('source')] : [];
    case 'arith':
      return UNARY_ARITH_OPS.includes(node.op) ? [num('a')] : [num('a'), num('b')];
    case 'compare':
    case 'cross':
      return [num('a'), num('b')];
    case 'logic':
      return node.op === 'not' ? [bool('a')] : [bool('a'), bool('b')];
    case 'threshold':
    case 'lag':
      return [num('value')];
    case 'sizing':
      return node.mode === 'proportional' ? [num('signal')] : [bool('entry'), bool('exit', true)];
    case 'target':
      return [num('weight')];
  }
}

export function outputPorts(node: GraphNode): readonly OutputPort[] {
  switch (node.kind) {
    case 'indicator': {
      const def = indicatorCatalog.get(node.indicator);
      return def ? def.outputs.map((name) => ({ name, type: 'number' as const })) : [];
    }
    case 'compare':
    case 'cross':
    case 'logic':
    case 'threshold':
      return BOOLEAN_OUT;
    case 'target':
      return [];
    default:
      return NUMBER_OUT;
  }
}

/** `node` or `node.port` split; the port defaults to `value`. */
export function parseInputRef(ref: string): { node: string; port: string | undefined } {
  const dot = ref.indexOf('.');
  return dot < 0 ? { node: ref, port: undefined } : { node: ref.slice(0, dot), port: ref.slice(dot + 1) };
}
