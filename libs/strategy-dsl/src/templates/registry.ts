import type { StrategyGraph } from '../graph/graph-schema';
import { bindParams, type ParamValues } from '../graph/params';
import { compileSpec } from '../spec/spec-to-graph';
import type { StrategySpec } from '../spec/strategy-spec';
import { donchianBreakout } from './donchian-breakout';
import { macdRsi } from './macd-rsi';
import { meanReversion } from './mean-reversion';
import { rsiReversal } from './rsi-reversal';
import { smaCross } from './sma-cross';
import type { StrategyTemplate } from './template';

/** Every template by name: what `--strategy <name>` and a UI palette offer. */
export const templates: Readonly<Record<string, StrategyTemplate>> = Object.freeze(
  Object.fromEntries([smaCross, meanReversion, macdRsi, rsiReversal, donchianBreakout].map((t) => [t.name, t])),
);

export interface TemplateInstance {
  /** The spec with the chosen values as its parameters' defaults. */
  readonly spec: StrategySpec;
  readonly graph: StrategyGraph;
  /** Every parameter's value (the given ones over the defaults). */
  readonly params: Readonly<Record<string, number>>;
}

/**
 * A template with parameter values (e.g. from `--param fast=5`), for the given instruments. Throws
 * for an unknown template, and a GraphValidationError naming each bad parameter with its range.
 */
export function instantiateTemplate(
  name: string,
  options: { params?: ParamValues; instruments: readonly string[]; timeframe?: string },
): TemplateInstance {
  const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (!template) throw new Error(`unknown strategy template "${name}" (templates: ${Object.keys(templates).join(', ')})`);
  const decls = template.spec.params ?? {};
  const params = bindParams(decls, template.constraints, options.params ?? {}, `parameters of template "${name}"`);
  const chosen = Object.fromEntries(Object.entries(decls).map(([key, decl]) => [key, { ...decl, default: params[key] }]));
  const spec: StrategySpec = {
    ...template.spec,
    params: chosen,
    instruments: [...options.instruments],
    ...(options.timeframe !== undefined ? { timeframe: options.timeframe } : {}),
  };
  return { spec, graph: compileSpec(spec), params };
}
