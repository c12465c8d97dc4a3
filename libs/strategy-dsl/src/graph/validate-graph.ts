import { Type } from 'typebox';
import { graphIssue, GraphValidationError, type GraphIssue } from './graph-issues';
import {
  NODE_KINDS,
  NODE_SCHEMAS,
  ParamConstraintSchema,
  ParamDeclsSchema,
  type GraphNode,
  type NodeKind,
  type NumberOrParam,
  type StrategyGraph,
} from './graph-schema';
import { indicatorCatalog, type IndicatorDef } from './indicator-catalog';
import { inputPorts, outputPorts, parseInputRef, type PortType } from './node-ports';
import { bindParamIssues, declarationIssues, isParamRef, type ParamValues } from './params';
import { schemaIssues } from './schema-issues';
import { topologicalOrder } from './topological-order';

/** Longest lag a `lag` node may ask for. */
export const MAX_LAG = 1000;
/** Largest |weight| a sizing node may give: the contract's bound on a target weight. */
export const MAX_WEIGHT = 10;

export interface ResolvedInput {
  readonly nodeId: string;
  readonly port: string;
  readonly type: PortType;
}

/** A node with its parameters bound to numbers and its inputs resolved to (node, port). */
export interface ResolvedNode {
  readonly node: GraphNode;
  readonly inputs: ReadonlyMap<string, ResolvedInput>;
  /** Bound numeric fields: constant `value`, threshold `level`/`hysteresis`, lag `bars`, sizing `weight`/`scale`. */
  readonly numbers: Readonly<Record<string, number>>;
  /** Indicator nodes: the definition and its arguments in the order of `def.params`. */
  readonly indicator?: { readonly def: IndicatorDef; readonly args: ReadonlyArray<number | undefined> };
}

export interface ResolvedGraph {
  readonly graph: StrategyGraph;
  readonly params: Readonly<Record<string, number>>;
  /** Every node, each after the nodes it reads. */
  readonly order: readonly ResolvedNode[];
  readonly byId: ReadonlyMap<string, ResolvedNode>;
  readonly target: ResolvedNode;
}

const GraphShellSchema = Type.Object(
  {
    version: Type.Literal(1),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    params: Type.Optional(ParamDeclsSchema),
    constraints: Type.Optional(Type.Array(ParamConstraintSchema, { maxItems: 100 })),
    nodes: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 10000 }),
  },
  { additionalProperties: false },
);

/** Every problem of `value` as a strategy graph with the given parameter values; [] when valid. */
export function validateGraph(value: unknown, values: ParamValues = {}): GraphIssue[] {
  return resolveGraphChecked(value, values).issues;
}

/** The resolved graph, or a GraphValidationError listing every problem. */
export function resolveGraph(value: unknown, values: ParamValues = {}): ResolvedGraph {
  const { issues, resolved } = resolveGraphChecked(value, values);
  if (!resolved) throw new GraphValidationError(issues, graphName(value));
  return resolved;
}

function graphName(value: unknown): string {
  const name = (value as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? `strategy graph "${name}"` : 'strategy graph';
}

function resolveGraphChecked(value: unknown, values: ParamValues): { issues: GraphIssue[]; resolved?: ResolvedGraph } {
  const shell = schemaIssues(GraphShellSchema, value, {});
  if (shell.length > 0) return { issues: shell };
  const graph = value as StrategyGraph;
  const issues: GraphIssue[] = [];
  for (const raw of graph.nodes as unknown[]) issues.push(...nodeShapeIssues(raw));
  if (issues.length > 0) return { issues };

  const decls = graph.params ?? {};
  const constraints = graph.constraints ?? [];
  const declared = declarationIssues(decls, constraints);
  // A bad declaration would be reported again by the binding (its default), so bind only good ones.
  const bound = declared.length === 0 ? bindParamIssues(decls, constraints, values) : { values: {}, issues: [] };
  issues.push(...declared, ...bound.issues);
  const paramsOk = declared.length === 0 && bound.issues.length === 0;

  const byId = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (byId.has(node.id)) issues.push(graphIssue('duplicateId', { nodeId: node.id }, 'the id is used by more than one node'));
    byId.set(node.id, node);
  }

  const resolved = new Map<string, ResolvedNode>();
  for (const node of byId.values()) {
    const numbers = new NodeNumbers(node, decls, bound.values, paramsOk, issues);
    const entry: ResolvedNode = {
      node,
      inputs: resolveInputs(node, byId, issues),
      numbers: numbers.values,
      ...indicatorOf(node, numbers, issues),
    };
    checkNodeNumbers(node, numbers);
    resolved.set(node.id, entry);
  }

  const targets = graph.nodes.filter((n) => n.kind === 'target');
  if (targets.length !== 1) {
    issues.push(
      graphIssue(
        'targetCount',
        targets.length > 1 ? { nodeId: targets[1].id } : {},
        `a graph needs exactly one target node, found ${targets.length}${targets.length > 1 ? ` (${targets.map((t) => t.id).join(', ')})` : ''}`,
      ),
    );
  }
  if (issues.length > 0) return { issues };

  const sorted = topologicalOrder(graph.nodes, (node) => [...(resolved.get(node.id)?.inputs.values() ?? [])].map((i) => i.nodeId));
  if ('cycle' in sorted) {
    const cycle = sorted.cycle;
    return { issues: [graphIssue('cycle', { nodeId: cycle[0] }, `the graph has a cycle: ${[...cycle, cycle[0]].join(' -> ')}`)] };
  }
  const order = sorted.order.map((n) => resolved.get(n.id) as ResolvedNode);
  return {
    issues: [],
    resolved: { graph, params: bound.values, order, byId: resolved, target: resolved.get(targets[0].id) as ResolvedNode },
  };
}

function nodeShapeIssues(raw: unknown): GraphIssue[] {
  const id = (raw as { id?: unknown } | null)?.id;
  const where = typeof id === 'string' ? { nodeId: id } : {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [graphIssue('schema', where, 'a node must be an object')];
  const kind = (raw as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(NODE_KINDS as string[]).includes(kind)) {
    return [graphIssue('schema', { ...where, field: 'kind' }, `must be one of ${NODE_KINDS.join(', ')}, got ${JSON.stringify(kind)}`)];
  }
  return schemaIssues(NODE_SCHEMAS[kind as NodeKind], raw, where);
}

function resolveInputs(node: GraphNode, byId: ReadonlyMap<string, GraphNode>, issues: GraphIssue[]): Map<string, ResolvedInput> {
  const given: Record<string, string> = ('inputs' in node ? node.inputs : undefined) ?? {};
  const ports = inputPorts(node);
  const resolved = new Map<string, ResolvedInput>();
  const unknownIndicator = node.kind === 'indicator' && !indicatorCatalog.has(node.indicator);
  for (const name of Object.keys(given)) {
    if (!unknownIndicator && !ports.some((p) => p.name === name)) {
      const known = ports.map((p) => p.name);
      issues.push(
        graphIssue('unknownInput', { nodeId: node.id, port: name }, `is not an input of this node (inputs: ${known.length > 0 ? known.join(', ') : 'none'})`),
      );
    }
  }
  for (const port of ports) {
    const ref = Object.hasOwn(given, port.name) ? given[port.name] : undefined;
    if (ref === undefined) {
      if (!port.optional) issues.push(graphIssue('missingInput', { nodeId: node.id, port: port.name }, `needs a ${port.type} input`));
      continue;
    }
    const input = resolveRef(node, port.name, port.type, ref, byId, issues);
    if (input) resolved.set(port.name, input);
  }
  return resolved;
}

function resolveRef(
  node: GraphNode,
  portName: string,
  type: PortType,
  ref: string,
  byId: ReadonlyMap<string, GraphNode>,
  issues: GraphIssue[],
): ResolvedInput | undefined {
  const where = { nodeId: node.id, port: portName };
  const { node: sourceId, port } = parseInputRef(ref);
  const source = byId.get(sourceId);
  if (!source) {
    issues.push(graphIssue('unknownNode', where, `reads "${ref}" but there is no node "${sourceId}"`));
    return undefined;
  }
  const outputs = outputPorts(source);
  if (source.kind === 'indicator' && !indicatorCatalog.has(source.indicator)) return undefined;
  const output = port === undefined ? (outputs.length === 1 ? outputs[0] : undefined) : outputs.find((o) => o.name === port);
  if (!output) {
    const names = outputs.map((o) => o.name);
    const detail =
      outputs.length === 0
        ? `reads "${ref}" but node "${sourceId}" has no outputs`
        : port === undefined
          ? `reads "${ref}" but node "${sourceId}" has several outputs (${names.join(', ')}); name one, e.g. "${sourceId}.${names[0]}"`
          : `reads "${ref}" but node "${sourceId}" has no output "${port}" (outputs: ${names.join(', ')})`;
    issues.push(graphIssue('unknownPort', where, detail));
    return undefined;
  }
  if (output.type !== type) {
    issues.push(graphIssue('typeMismatch', where, `expects a ${type} series but "${ref}" is a ${output.type} series`));
    return undefined;
  }
  return { nodeId: sourceId, port: output.name, type };
}

/** Binds a node's number-or-`$param` fields; records issues for undeclared parameters. */
class NodeNumbers {
  readonly values: Record<string, number> = {};
  constructor(
    readonly node: GraphNode,
    private readonly decls: Readonly<Record<string, unknown>>,
    private readonly params: Readonly<Record<string, number>>,
    private readonly paramsOk: boolean,
    readonly issues: GraphIssue[],
  ) {}

  /** The bound value of `field`; undefined when absent or unbindable (an issue is recorded). */
  bind(field: string, raw: NumberOrParam | undefined): number | undefined {
    if (raw === undefined) return undefined;
    if (!isParamRef(raw)) return (this.values[field] = raw);
    const name = raw.slice(1);
    if (!Object.hasOwn(this.decls, name)) {
      this.issues.push(graphIssue('undeclaredParam', { nodeId: this.node.id, field }, `uses ${raw}, which the graph does not declare in "params"`));
      return undefined;
    }
    // A bad parameter value is already reported against the parameter itself.
    if (!this.paramsOk) return undefined;
    return (this.values[field] = this.params[name]);
  }

  /** Records a range issue naming the field, and the parameter it came from if any. */
  check(field: string, value: number | undefined, ok: (x: number) => boolean, expected: string, raw?: NumberOrParam): void {
    if (value === undefined || ok(value)) return;
    const from = isParamRef(raw) ? ` (from ${raw})` : '';
    this.issues.push(graphIssue('paramRange', { nodeId: this.node.id, field }, `must be ${expected}, got ${String(value)}${from}`));
  }
}

function indicatorOf(node: GraphNode, numbers: NodeNumbers, issues: GraphIssue[]): Pick<ResolvedNode, 'indicator'> {
  if (node.kind !== 'indicator') return {};
  const def = indicatorCatalog.get(node.indicator);
  if (!def) {
    issues.push(
      graphIssue('unknownIndicator', { nodeId: node.id, field: 'indicator' }, `"${node.indicator}" is not an indicator (known: ${[...indicatorCatalog.keys()].join(', ')})`),
    );
    return {};
  }
  const start = issues.length;
  const given = node.params ?? {};
  for (const name of Object.keys(given)) {
    if (!def.params.some((p) => p.name === name)) {
      const known = def.params.map((p) => p.name);
      issues.push(
        graphIssue('unknownParam', { nodeId: node.id, field: `params.${name}` }, `${def.name} has no parameter "${name}" (parameters: ${known.length > 0 ? known.join(', ') : 'none'})`),
      );
    }
  }
  let complete = true;
  const args = def.params.map((spec) => {
    const field = `params.${spec.name}`;
    const raw = Object.hasOwn(given, spec.name) ? given[spec.name] : undefined;
    const value = raw === undefined ? spec.default : numbers.bind(field, raw);
    if (raw !== undefined && value === undefined) complete = false;
    const expected = `${spec.integer ? 'an integer' : 'a number'} in [${spec.min}, ${spec.max}]`;
    numbers.check(field, value, (x) => (!spec.integer || Number.isInteger(x)) && x >= spec.min && x <= spec.max, expected, raw);
    return value;
  });
  if (complete && def.check && issues.length === start) {
    const problem = def.check(args);
    if (problem) issues.push(graphIssue('paramRange', { nodeId: node.id, field: 'params' }, problem));
  }
  return issues.length === start ? { indicator: { def, args } } : {};
}

function checkNodeNumbers(node: GraphNode, numbers: NodeNumbers): void {
  const finite = (x: number) => Number.isFinite(x);
  switch (node.kind) {
    case 'constant':
      numbers.check('value', numbers.bind('value', node.value), finite, 'a finite number', node.value);
      return;
    case 'threshold': {
      numbers.check('level', numbers.bind('level', node.level), finite, 'a finite number', node.level);
      const h = numbers.bind('hysteresis', node.hysteresis);
      numbers.check('hysteresis', h, (x) => x >= 0 && finite(x), 'a finite number >= 0', node.hysteresis);
      return;
    }
    case 'lag':
      numbers.check('bars', numbers.bind('bars', node.bars), (x) => Number.isInteger(x) && x >= 1 && x <= MAX_LAG, `an integer in [1, ${MAX_LAG}]`, node.bars);
      return;
    case 'sizing': {
      const w = numbers.bind('weight', node.weight);
      numbers.check('weight', w, (x) => x > 0 && x <= MAX_WEIGHT, `a number in (0, ${MAX_WEIGHT}]`, node.weight);
      const s = numbers.bind('scale', node.scale);
      numbers.check('scale', s, finite, 'a finite number', node.scale);
      if (node.mode !== 'proportional' && node.scale !== undefined) {
        numbers.issues.push(graphIssue('paramRange', { nodeId: node.id, field: 'scale' }, `only applies to the proportional mode, not ${node.mode}`));
      }
      return;
    }
    default:
      return;
  }
}
