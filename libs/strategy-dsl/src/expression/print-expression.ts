import type { ArithOp, CompareOp, GraphNode, NumberOrParam, StrategyGraph } from '../graph/graph-schema';
import { indicatorCatalog, numberSource } from '../graph/indicator-catalog';
import { parseInputRef } from '../graph/node-ports';

/** Longest text the printer produces: a graph that reuses nodes heavily can expand exponentially as a tree. */
export const MAX_PRINTED_LENGTH = 100_000;

/** Binding strength, loosest first; an operand binding looser than its operator needs parentheses. */
const Prec = { Or: 1, And: 2, Not: 3, Compare: 4, Sum: 5, Product: 6, Unary: 7, Primary: 8 } as const;
type Prec = number;

interface Printed {
  readonly text: string;
  readonly prec: Prec;
  /** A non-negative number literal: `-` in front of it would read back as a negative literal. */
  readonly literal?: boolean;
}

const COMPARE_SYMBOL: Record<CompareOp, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };
const BINARY: Partial<Record<ArithOp, { symbol: string; prec: Prec }>> = {
  add: { symbol: '+', prec: Prec.Sum },
  sub: { symbol: '-', prec: Prec.Sum },
  mul: { symbol: '*', prec: Prec.Product },
  div: { symbol: '/', prec: Prec.Product },
};

/**
 * Prints the expression that computes output `ref` (`node` or `node.port`) of a graph, in the
 * canonical form the parser reads back: every indicator parameter written out, minimal
 * parentheses that keep the evaluation order (`a - (b - c)`, `a + (b + c)` stay as they are).
 * A node read twice is printed twice; parsing merges the copies again.
 */
export function printExpression(graph: Pick<StrategyGraph, 'nodes'>, ref: string): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const printer = new Printer(byId);
  return printer.print(ref).text;
}

class Printer {
  private length = 0;

  constructor(private readonly byId: ReadonlyMap<string, GraphNode>) {}

  print(ref: string): Printed {
    const { node: id, port } = parseInputRef(ref);
    const node = this.byId.get(id);
    if (!node) throw new Error(`cannot print "${ref}": there is no node "${id}"`);
    const printed = this.node(node, port);
    this.length += printed.text.length;
    if (this.length > MAX_PRINTED_LENGTH) {
      throw new Error(`cannot print "${ref}" as one expression: it exceeds ${MAX_PRINTED_LENGTH} characters (nodes are reused too often)`);
    }
    return printed;
  }

  private node(node: GraphNode, port: string | undefined): Printed {
    const input = (name: string) => {
      const ref = 'inputs' in node ? node.inputs?.[name] : undefined;
      if (ref === undefined) throw new Error(`cannot print node "${node.id}": input "${name}" is not connected`);
      return this.print(ref);
    };
    switch (node.kind) {
      case 'price':
        return primary(node.field);
      case 'constant':
        return constant(node.value);
      case 'indicator':
        return this.indicator(node, port, input);
      case 'arith': {
        if (node.op === 'neg') {
          const a = input('a');
          return { text: `-${a.literal ? `(${a.text})` : wrap(a, Prec.Unary)}`, prec: Prec.Unary };
        }
        if (node.op === 'abs') return call('abs', [input('a').text]);
        if (node.op === 'min' || node.op === 'max') return call(node.op, [input('a').text, input('b').text]);
        const { symbol, prec } = BINARY[node.op] as { symbol: string; prec: Prec };
        return binary(input('a'), symbol, input('b'), prec);
      }
      case 'compare': {
        const a = wrap(input('a'), Prec.Compare + 1);
        const b = wrap(input('b'), Prec.Compare + 1);
        return { text: `${a} ${COMPARE_SYMBOL[node.op]} ${b}`, prec: Prec.Compare };
      }
      case 'cross':
        return call(node.direction === 'up' ? 'crossUp' : 'crossDown', [input('a').text, input('b').text]);
      case 'logic':
        if (node.op === 'not') return { text: `not ${wrap(input('a'), Prec.Not)}`, prec: Prec.Not };
        return binary(input('a'), node.op, input('b'), node.op === 'and' ? Prec.And : Prec.Or);
      case 'threshold': {
        const args = [input('value').text, constant(node.level).text];
        if (node.hysteresis !== undefined) args.push(constant(node.hysteresis).text);
        return call(node.direction, args);
      }
      case 'lag':
        return call('lag', [input('value').text, constant(node.bars).text]);
      case 'ml':
        return call('ml', node.model === undefined ? [] : [`'${node.model}'`]);
      case 'sizing':
      case 'target':
        throw new Error(`cannot print node "${node.id}": a ${node.kind} node is part of the strategy spec, not of an expression`);
    }
  }

  private indicator(node: Extract<GraphNode, { kind: 'indicator' }>, port: string | undefined, input: (name: string) => Printed): Printed {
    const def = indicatorCatalog.get(node.indicator);
    if (!def) throw new Error(`cannot print node "${node.id}": unknown indicator "${node.indicator}"`);
    const args: string[] = def.input === 'series' ? [input('source').text] : [];
    for (const spec of def.params) {
      const value = node.params?.[spec.name] ?? spec.default;
      if (value === undefined) break;
      args.push(constant(value).text);
    }
    const printed = call(def.name, args);
    if (def.outputs.length === 1) return printed;
    const name = port ?? def.outputs[0];
    return primary(`${printed.text}.${name}`);
  }
}

function primary(text: string): Printed {
  return { text, prec: Prec.Primary };
}

function call(name: string, args: string[]): Printed {
  return primary(`${name}(${args.join(', ')})`);
}

function constant(value: NumberOrParam): Printed {
  if (typeof value === 'string') return primary(value);
  // `-5` reads back as a negative literal; as an operand it binds like unary minus.
  const negative = value < 0 || Object.is(value, -0);
  return negative ? { text: numberSource(value), prec: Prec.Unary } : { text: numberSource(value), prec: Prec.Primary, literal: true };
}

function wrap(p: Printed, atLeast: number): string {
  return p.prec >= atLeast ? p.text : `(${p.text})`;
}

/** Left-associative: the right operand needs parentheses at the same level (a - (b - c)). */
function binary(left: Printed, symbol: string, right: Printed, prec: Prec): Printed {
  return { text: `${wrap(left, prec)} ${symbol} ${wrap(right, prec + 1)}`, prec };
}
