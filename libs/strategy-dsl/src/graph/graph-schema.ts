import { Type, type Static, type TSchema } from 'typebox';

/**
 * The strategy graph as JSON (`strategy-graph@1`). A graph is a list of nodes; a node names the
 * outputs it reads in `inputs` (`"sma1"` for a node's only output, `"macd1.signal"` for a named
 * port). Shapes are checked by these schemas; everything that needs more than one node (port names
 * and types, references, cycles, parameter ranges) is checked by `validateGraph`.
 */
export const STRATEGY_GRAPH_SCHEMA_ID = 'strategy-graph@1';

export const IDENTIFIER_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
export const PARAM_REF_PATTERN = '^\\$[A-Za-z_][A-Za-z0-9_]*$';
export const INPUT_REF_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$';

const NodeId = () => Type.String({ minLength: 1, maxLength: 64, pattern: IDENTIFIER_PATTERN, description: 'Unique node id (identifier).' });
const ParamRef = () => Type.String({ pattern: PARAM_REF_PATTERN, description: 'A named parameter, e.g. `$fast`.' });
/** A number fixed in the graph, or a `$name` bound from the graph's parameters when it is instantiated. */
const NumberOrParam = (description: string) => Type.Union([Type.Number(), ParamRef()], { description });
const InputRef = () => Type.String({ pattern: INPUT_REF_PATTERN, description: '`node` or `node.port`.' });
const Inputs = () =>
  Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), InputRef(), {
    additionalProperties: false,
    description: 'Input port name -> the output it reads.',
  });

/** Editor-only fields: evaluators ignore them. */
const common = {
  id: NodeId(),
  label: Type.Optional(Type.String({ maxLength: 200 })),
  position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false })),
};

function node<K extends string, P extends Record<string, TSchema>>(kind: K, description: string, properties: P) {
  return Type.Object(
    { ...common, kind: Type.Literal(kind), ...properties },
    { additionalProperties: false, title: `${kind} node`, description },
  );
}

export const PRICE_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'typical', 'median', 'weighted'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

export const ARITH_OPS = ['add', 'sub', 'mul', 'div', 'min', 'max', 'abs', 'neg'] as const;
export type ArithOp = (typeof ARITH_OPS)[number];
export const UNARY_ARITH_OPS: readonly ArithOp[] = ['abs', 'neg'];

export const COMPARE_OPS = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export const LOGIC_OPS = ['and', 'or', 'not'] as const;
export type LogicOp = (typeof LOGIC_OPS)[number];

export const SIZING_MODES = ['long-only', 'long-short', 'proportional'] as const;
export type SizingMode = (typeof SIZING_MODES)[number];

export const PriceNodeSchema = node('price', 'A field of the current bar; typical = (h+l+c)/3, median = (h+l)/2, weighted = (h+l+2c)/4.', {
  field: Type.Enum([...PRICE_FIELDS]),
});
export const ConstantNodeSchema = node('constant', 'A constant number.', { value: NumberOrParam('The value.') });
export const IndicatorNodeSchema = node('indicator', 'A streaming indicator of @helios/indicators.', {
  indicator: Type.String({ minLength: 1, maxLength: 32, description: 'Indicator name, e.g. `sma`, `macd`.' }),
  params: Type.Optional(
    Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), NumberOrParam('Parameter value.'), { additionalProperties: false }),
  ),
  inputs: Type.Optional(Inputs()),
});
export const ArithNodeSchema = node('arith', 'Arithmetic on number series; a non-finite result (x/0) is not ready (NaN).', {
  op: Type.Enum([...ARITH_OPS]),
  inputs: Inputs(),
});
export const CompareNodeSchema = node('compare', 'Compares two number series; false (not ready) when either is not ready.', {
  op: Type.Enum([...COMPARE_OPS]),
  inputs: Inputs(),
});
export const CrossNodeSchema = node('cross', 'Cross up at t: a[t-1] < b[t-1] and a[t] > b[t] (strict); cross down mirrors it.', {
  direction: Type.Enum(['up', 'down']),
  inputs: Inputs(),
});
export const LogicNodeSchema = node('logic', 'and / or / not on boolean series.', { op: Type.Enum([...LOGIC_OPS]), inputs: Inputs() });
export const ThresholdNodeSchema = node(
  'threshold',
  'Value vs level with optional hysteresis: `above` turns on when value > level + h and off when value <= level - h.',
  {
    direction: Type.Enum(['above', 'below']),
    level: NumberOrParam('The level.'),
    hysteresis: Type.Optional(NumberOrParam('Half-width of the dead band around the level (>= 0).')),
    inputs: Inputs(),
  },
);
export const LagNodeSchema = node('lag', 'The input as it was `bars` bars ago.', {
  bars: NumberOrParam('How many bars back (integer >= 1).'),
  inputs: Inputs(),
});
export const MlNodeSchema = node('ml', 'Latest `ml.advice` score for the instrument; not ready until one arrives. Advisory only.', {
  model: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$', description: 'Only advice of this model.' })),
});
export const SizingNodeSchema = node(
  'sizing',
  'Turns signals into a target weight: long-only (entry -> weight, exit -> 0), long-short (entry -> +weight, exit -> -weight), ' +
    'proportional (signal x scale, clamped to +-weight). Holds the previous target otherwise.',
  {
    mode: Type.Enum([...SIZING_MODES]),
    weight: Type.Optional(NumberOrParam('Fraction of equity (default 1 = all-in).')),
    scale: Type.Optional(NumberOrParam('Proportional mode: multiplier of the signal (default 1).')),
    inputs: Inputs(),
  },
);
export const TargetNodeSchema = node('target', "The strategy's target weight for the instrument; exactly one per graph.", {
  inputs: Inputs(),
});

export const NODE_SCHEMAS = {
  price: PriceNodeSchema,
  constant: ConstantNodeSchema,
  indicator: IndicatorNodeSchema,
  arith: ArithNodeSchema,
  compare: CompareNodeSchema,
  cross: CrossNodeSchema,
  logic: LogicNodeSchema,
  threshold: ThresholdNodeSchema,
  lag: LagNodeSchema,
  ml: MlNodeSchema,
  sizing: SizingNodeSchema,
  target: TargetNodeSchema,
} as const;
export type NodeKind = keyof typeof NODE_SCHEMAS;
export const NODE_KINDS = Object.keys(NODE_SCHEMAS) as NodeKind[];

export const GraphNodeSchema = Type.Union([
  PriceNodeSchema,
  ConstantNodeSchema,
  IndicatorNodeSchema,
  ArithNodeSchema,
  CompareNodeSchema,
  CrossNodeSchema,
  LogicNodeSchema,
  ThresholdNodeSchema,
  LagNodeSchema,
  MlNodeSchema,
  SizingNodeSchema,
  TargetNodeSchema,
]);

export const ParamDeclSchema = Type.Object(
  {
    type: Type.Enum(['integer', 'number']),
    default: Type.Number(),
    min: Type.Number(),
    max: Type.Number(),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false, description: 'A named, typed, range-checked parameter (bounds inclusive).' },
);

export const ParamConstraintSchema = Type.Object(
  { param: Type.String({ pattern: IDENTIFIER_PATTERN }), lessThan: Type.String({ pattern: IDENTIFIER_PATTERN }) },
  { additionalProperties: false, description: 'Requires params[param] < params[lessThan], e.g. fast < slow.' },
);

export const ParamDeclsSchema = Type.Record(Type.String({ pattern: IDENTIFIER_PATTERN }), ParamDeclSchema, { additionalProperties: false });

export const StrategyGraphSchema = Type.Object(
  {
    version: Type.Literal(1),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    params: Type.Optional(ParamDeclsSchema),
    constraints: Type.Optional(Type.Array(ParamConstraintSchema, { maxItems: 100 })),
    nodes: Type.Array(GraphNodeSchema, { minItems: 1, maxItems: 10000 }),
  },
  {
    $id: STRATEGY_GRAPH_SCHEMA_ID,
    title: 'Helios strategy graph v1',
    description: 'A trading strategy as a typed dataflow graph evaluated once per closed bar of each instrument.',
    additionalProperties: false,
  },
);

export type PriceNode = Static<typeof PriceNodeSchema>;
export type ConstantNode = Static<typeof ConstantNodeSchema>;
export type IndicatorNode = Static<typeof IndicatorNodeSchema>;
export type ArithNode = Static<typeof ArithNodeSchema>;
export type CompareNode = Static<typeof CompareNodeSchema>;
export type CrossNode = Static<typeof CrossNodeSchema>;
export type LogicNode = Static<typeof LogicNodeSchema>;
export type ThresholdNode = Static<typeof ThresholdNodeSchema>;
export type LagNode = Static<typeof LagNodeSchema>;
export type MlNode = Static<typeof MlNodeSchema>;
export type SizingNode = Static<typeof SizingNodeSchema>;
export type TargetNode = Static<typeof TargetNodeSchema>;
export type GraphNode =
  | PriceNode
  | ConstantNode
  | IndicatorNode
  | ArithNode
  | CompareNode
  | CrossNode
  | LogicNode
  | ThresholdNode
  | LagNode
  | MlNode
  | SizingNode
  | TargetNode;
export type ParamDecl = Static<typeof ParamDeclSchema>;
export type ParamConstraint = Static<typeof ParamConstraintSchema>;
export type ParamDecls = Record<string, ParamDecl>;
/** `$name` */
export type ParamRef = `$${string}`;
export type NumberOrParam = number | string;

export interface StrategyGraph {
  version: 1;
  name?: string;
  description?: string;
  params?: ParamDecls;
  constraints?: ParamConstraint[];
  nodes: GraphNode[];
}
