import { PRICE_FIELDS, type GraphNode, type NumberOrParam, type PriceField } from '../graph/graph-schema';
import { indicatorCatalog, type IndicatorDef } from '../graph/indicator-catalog';
import type { PortType } from '../graph/node-ports';
import type { BinaryOp, Expr } from './ast';
import { ExpressionError } from './expression-error';
import { BUILTIN_FUNCTIONS, expressionFunctions } from './functions';
import { parseExpression } from './parser';

/** An output inside the graph being built: `node` or `node.port`, and its type. */
export interface TypedRef {
  readonly ref: string;
  readonly type: PortType;
}

type NodeBody = GraphNode extends infer N ? (N extends GraphNode ? Omit<N, 'id'> : never) : never;

const COMPARE = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' } as const;
const ARITH = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const;

/**
 * Builds graph nodes from expressions. Equal subexpressions become one node (so `sma(close, 10)`
 * used by the entry and the exit is computed once), and node ids are derived from what the node is
 * and the order of first use (`sma1`, `crossUp1`, `close`): the same expressions always give the
 * same graph, which makes graph -> expression -> graph round trips exact.
 */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  private readonly idsByContent = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly taken = new Set<string>();

  /** `declared`: the parameter names a `$name` may use (all when omitted). */
  constructor(private readonly declared?: ReadonlySet<string>) {}

  /** Parses `source` and adds its nodes; returns the output the expression computes. */
  addExpression(source: string, label = 'expression'): TypedRef {
    return new ExpressionCompiler(this, source, label).compile(parseExpression(source, label));
  }

  /** Adds a node (or finds the equal one already added) and returns its id. */
  add(body: NodeBody, prefix: string, fixedId?: string): string {
    const key = JSON.stringify(body);
    const known = this.idsByContent.get(key);
    if (known !== undefined) return known;
    let id = fixedId;
    if (id === undefined || this.taken.has(id)) {
      const base = fixedId ?? prefix;
      do {
        const n = (this.counters.get(base) ?? 0) + 1;
        this.counters.set(base, n);
        id = `${base}${n}`;
      } while (this.taken.has(id));
    }
    this.taken.add(id);
    this.idsByContent.set(key, id);
    this.nodes.push({ id, ...body } as GraphNode);
    return id;
  }

  isDeclared(name: string): boolean {
    return this.declared === undefined || this.declared.has(name);
  }
}

class ExpressionCompiler {
  constructor(
    private readonly builder: GraphBuilder,
    private readonly source: string,
    private readonly label: string,
  ) {}

  compile(expr: Expr): TypedRef {
    switch (expr.type) {
      case 'number':
        return this.number({ kind: 'constant', value: expr.value }, 'const');
      case 'param':
        return this.number({ kind: 'constant', value: this.param(expr) }, 'const', `p_${expr.name}`);
      case 'string':
        throw this.error(expr, 'a string is only allowed as the model name of ml(...)');
      case 'name':
        return this.name(expr);
      case 'call':
        return this.call(expr, undefined);
      case 'member':
        if (expr.object.type !== 'call' || !indicatorCatalog.has(expr.object.name)) {
          throw this.error(expr, `only indicator outputs can be selected with ".${expr.port}"`);
        }
        return this.call(expr.object, expr);
      case 'unary':
        if (expr.op === 'not') return this.boolean({ kind: 'logic', op: 'not', inputs: { a: this.expect(expr.operand, 'boolean', '"not"') } }, 'not');
        return this.number({ kind: 'arith', op: 'neg', inputs: { a: this.expect(expr.operand, 'number', 'unary "-"') } }, 'neg');
      case 'binary':
        return this.binary(expr);
    }
  }

  private binary(expr: Extract<Expr, { type: 'binary' }>): TypedRef {
    const op: BinaryOp = expr.op;
    if (op === 'and' || op === 'or') {
      const inputs = { a: this.expect(expr.left, 'boolean', `"${op}"`), b: this.expect(expr.right, 'boolean', `"${op}"`) };
      return this.boolean({ kind: 'logic', op, inputs }, op);
    }
    const inputs = { a: this.expect(expr.left, 'number', `"${op}"`), b: this.expect(expr.right, 'number', `"${op}"`) };
    if (op in COMPARE) {
      const compareOp = COMPARE[op as keyof typeof COMPARE];
      return this.boolean({ kind: 'compare', op: compareOp, inputs }, compareOp);
    }
    const arithOp = ARITH[op as keyof typeof ARITH];
    return this.number({ kind: 'arith', op: arithOp, inputs }, arithOp);
  }

  private name(expr: Extract<Expr, { type: 'name' }>): TypedRef {
    if ((PRICE_FIELDS as readonly string[]).includes(expr.name)) {
      return this.number({ kind: 'price', field: expr.name as PriceField }, expr.name, expr.name);
    }
    if (indicatorCatalog.has(expr.name) || expr.name in BUILTIN_FUNCTIONS) {
      throw this.error(expr, `${expr.name} is a function: call it, e.g. ${signatureOf(expr.name)}`);
    }
    if (['true', 'false'].includes(expr.name)) throw this.error(expr, 'there are no boolean literals; compare numbers instead');
    throw this.error(expr, `unknown name "${expr.name}" (prices: ${PRICE_FIELDS.join(', ')}; parameters start with $)`);
  }

  private call(expr: Extract<Expr, { type: 'call' }>, member: Extract<Expr, { type: 'member' }> | undefined): TypedRef {
    const def = indicatorCatalog.get(expr.name);
    if (def) return this.indicator(def, expr, member);
    const args = expr.args;
    const arity = (min: number, max = min) => {
      if (args.length < min || args.length > max) {
        const count = min === max ? `${min}` : `${min} to ${max}`;
        throw this.error(expr, `${expr.name}() takes ${count} argument${max === 1 ? '' : 's'}, got ${args.length}: ${signatureOf(expr.name)}`);
      }
    };
    const num = (i: number) => this.expect(args[i], 'number', `argument ${i + 1} of ${expr.name}()`);
    switch (expr.name) {
      case 'crossUp':
      case 'crossDown':
        arity(2);
        return this.boolean({ kind: 'cross', direction: expr.name === 'crossUp' ? 'up' : 'down', inputs: { a: num(0), b: num(1) } }, expr.name);
      case 'min':
      case 'max':
        arity(2);
        return this.number({ kind: 'arith', op: expr.name, inputs: { a: num(0), b: num(1) } }, expr.name);
      case 'abs':
        arity(1);
        return this.number({ kind: 'arith', op: 'abs', inputs: { a: num(0) } }, 'abs');
      case 'above':
      case 'below': {
        arity(2, 3);
        const value = num(0);
        const level = this.constant(args[1], `level of ${expr.name}()`);
        const hysteresis = args.length === 3 ? { hysteresis: this.constant(args[2], `hysteresis of ${expr.name}()`) } : {};
        return this.boolean({ kind: 'threshold', direction: expr.name, level, ...hysteresis, inputs: { value } }, expr.name);
      }
      case 'lag': {
        arity(1, 2);
        const value = num(0);
        const bars = args.length === 2 ? this.constant(args[1], 'bars of lag()') : 1;
        return this.number({ kind: 'lag', bars, inputs: { value } }, 'lag');
      }
      case 'ml': {
        arity(0, 1);
        if (args.length === 0) return this.number({ kind: 'ml' }, 'ml');
        const model = args[0];
        if (model.type !== 'string') throw this.error(model, "the model of ml() is a quoted name, e.g. ml('trend')");
        if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(model.value)) throw this.error(model, `"${model.value}" is not a valid model name`);
        return this.number({ kind: 'ml', model: model.value }, 'ml');
      }
      default:
        throw this.error(expr, `unknown function "${expr.name}" (indicators: ${[...indicatorCatalog.keys()].join(', ')}; also ${Object.keys(BUILTIN_FUNCTIONS).join(', ')})`);
    }
  }

  private indicator(def: IndicatorDef, expr: Extract<Expr, { type: 'call' }>, member: Extract<Expr, { type: 'member' }> | undefined): TypedRef {
    const series = def.input === 'series' ? 1 : 0;
    const args = expr.args;
    const required = series + def.params.filter((p) => p.default === undefined && !p.optional).length;
    if (args.length < Math.max(series, required) || args.length > series + def.params.length) {
      throw this.error(expr, `${def.name}() takes ${series > 0 ? 'a source and ' : ''}up to ${def.params.length} parameter(s), got ${args.length} argument(s): ${signatureOf(def.name)}`);
    }
    const inputs = series > 0 ? { inputs: { source: this.expect(args[0], 'number', `the source of ${def.name}()`) } } : {};
    const params: Record<string, NumberOrParam> = {};
    def.params.forEach((spec, i) => {
      const arg = args[series + i];
      if (arg !== undefined) params[spec.name] = this.constant(arg, `${spec.name} of ${def.name}()`);
      else if (spec.default !== undefined) params[spec.name] = spec.default;
    });
    const id = this.builder.add({ kind: 'indicator', indicator: def.name, params, ...inputs }, def.name);
    if (def.outputs.length === 1) {
      if (member && def.aliases?.[member.port] !== 'value' && member.port !== 'value') {
        throw this.error(member, `${def.name}() has a single output; remove ".${member.port}"`);
      }
      return { ref: id, type: 'number' };
    }
    if (!member) {
      throw this.error(expr, `${def.name}() has several outputs (${def.outputs.join(', ')}); pick one, e.g. ${def.name}(...).${def.outputs[0]}`);
    }
    const port = def.outputs.includes(member.port) ? member.port : def.aliases?.[member.port];
    if (port === undefined) {
      const aliases = Object.keys(def.aliases ?? {});
      throw this.error(member, `${def.name}() has no output "${member.port}" (outputs: ${[...def.outputs, ...aliases].join(', ')})`);
    }
    return { ref: `${id}.${port}`, type: 'number' };
  }

  /** A parameter position: a number literal or a declared `$name`. */
  private constant(arg: Expr, what: string): NumberOrParam {
    if (arg.type === 'number') return arg.value;
    if (arg.type === 'param') return this.param(arg);
    throw this.error(arg, `${what} must be a number or a $parameter, not an expression`);
  }

  private param(expr: Extract<Expr, { type: 'param' }>): string {
    if (!this.builder.isDeclared(expr.name)) throw this.error(expr, `$${expr.name} is not a declared parameter`);
    return `$${expr.name}`;
  }

  private expect(expr: Expr, type: PortType, where: string): string {
    const typed = this.compile(expr);
    if (typed.type !== type) throw this.error(expr, `${where} needs a ${type} series, got a ${typed.type} series`);
    return typed.ref;
  }

  private number(body: NodeBody, prefix: string, fixedId?: string): TypedRef {
    return { ref: this.builder.add(body, prefix, fixedId), type: 'number' };
  }

  private boolean(body: NodeBody, prefix: string): TypedRef {
    return { ref: this.builder.add(body, prefix), type: 'boolean' };
  }

  private error(expr: Expr, detail: string): ExpressionError {
    return new ExpressionError(detail, this.source, expr.at, expr.length, this.label);
  }
}

function signatureOf(name: string): string {
  return expressionFunctions().find((f) => f.name === name)?.signature ?? `${name}(...)`;
}
