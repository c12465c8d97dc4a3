export * from './graph/graph-schema';
export * from './graph/graph-issues';
export { indicatorCatalog, indicatorNames, MAX_PERIOD, type IndicatorDef, type IndicatorParamSpec } from './graph/indicator-catalog';
export { inputPorts, outputPorts, parseInputRef, type InputPort, type OutputPort, type PortType } from './graph/node-ports';
export { bindParams, describeRange, isParamRef, parseParamAssignments, type ParamValues } from './graph/params';
export {
  MAX_LAG,
  MAX_WEIGHT,
  resolveGraph,
  validateGraph,
  type ResolvedGraph,
  type ResolvedInput,
  type ResolvedNode,
} from './graph/validate-graph';
export { generateStrategyGraphSchemaFiles, STRATEGY_GRAPH_SCHEMA_FILE, strategyGraphJsonSchema } from './graph/graph-json-schema';
export { ExpressionError } from './expression/expression-error';
export type { BinaryOp, Expr } from './expression/ast';
export { parseExpression } from './expression/parser';
export { GraphBuilder, type TypedRef } from './expression/graph-builder';
export { BUILTIN_FUNCTIONS, expressionFunctions, type FunctionDoc } from './expression/functions';
export { MAX_PRINTED_LENGTH, printExpression } from './expression/print-expression';
export * from './spec/strategy-spec';
export { compileSpec, SIZING_NODE_ID, specToGraph, TARGET_NODE_ID } from './spec/spec-to-graph';
export { graphToSpec } from './spec/graph-to-spec';
export type { BarValues, EvaluatorKind, StrategyEvaluator } from './evaluation/evaluator';
export { buildPlan, type EvaluationPlan, type PlanOptions, type PlanStep, type Slot } from './evaluation/plan';
export { interpretGraph } from './evaluation/interpreter';
export { compileGraph, generateSource, type CompiledStrategy, type CompileOptions } from './evaluation/compiler';
export { createEvaluatorFactory } from './evaluation/evaluator-factory';
export { templates, instantiateTemplate, type TemplateInstance } from './templates/registry';
export type { StrategyTemplate, TemplateParam } from './templates/template';
