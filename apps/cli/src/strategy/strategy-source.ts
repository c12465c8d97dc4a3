import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { strategyDecider } from '@helios/domain-strategy';
import { idFromText } from '@helios/contracts';
import type { BacktestStrategy } from '@helios/kernel';
import {
  bindParams,
  compileSpec,
  instantiateTemplate,
  templates,
  type StrategyGraph,
  type StrategyRules,
} from '@helios/strategy-dsl';
import { UsageError } from '../args/usage-error';

/**
 * What `--strategy` named, as plain data (it is sent to sweep workers):
 * - a template name (`sma-cross`, ...);
 * - a `.json` file: a strategy graph (`{"version": 1, "nodes": [...]}`) or a spec of expressions
 *   (`{"entry": "...", "exit": "...", "sizing": {"mode": "long-only"}}`);
 * - anything else: an expression, the entry condition of a long-only strategy (weight 1); it exits
 *   on `--exit EXPR`, or when the entry condition stops holding if no exit is given.
 */
export type StrategySource =
  | { readonly kind: 'template'; readonly name: string }
  | { readonly kind: 'graph'; readonly name: string; readonly graph: StrategyGraph }
  | { readonly kind: 'spec'; readonly name: string; readonly rules: StrategyRules }
  | { readonly kind: 'expression'; readonly name: string; readonly rules: StrategyRules };

export function resolveStrategySource(arg: string, cwd: string, exit: string | undefined): StrategySource {
  if (Object.hasOwn(templates, arg)) {
    if (exit !== undefined) throw new UsageError(`--exit applies to an expression strategy, not to the template ${arg}`);
    return { kind: 'template', name: arg };
  }
  const path = resolve(cwd, arg);
  if (extname(arg).toLowerCase() === '.json' || (existsSync(path) && !arg.includes('('))) {
    if (exit !== undefined) throw new UsageError(`--exit applies to an expression strategy, not to the file ${arg}`);
    return readStrategyFile(arg, path);
  }
  if (!/[(<>=]/.test(arg)) {
    throw new UsageError(
      `--strategy ${JSON.stringify(arg)} is not a template (${Object.keys(templates).join(', ')}), a .json file or an expression such as "crossUp(sma(close, 10), sma(close, 30))"`,
    );
  }
  const rules: StrategyRules = { entry: arg, exit: exit ?? `not (${arg})`, sizing: { mode: 'long-only', weight: 1 } };
  return { kind: 'expression', name: 'expression', rules };
}

function readStrategyFile(arg: string, path: string): StrategySource {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`--strategy ${arg}: ${code !== undefined ? `cannot read the file (${code})` : `not JSON: ${(error as Error).message}`}`);
  }
  const name = idFrom(basename(arg, extname(arg)));
  if (value !== null && typeof value === 'object' && Array.isArray((value as { nodes?: unknown }).nodes)) {
    return { kind: 'graph', name, graph: value as StrategyGraph };
  }
  if (value !== null && typeof value === 'object' && 'sizing' in value) {
    const { instruments: _instruments, timeframe: _timeframe, ...rules } = value as StrategyRules & { instruments?: unknown; timeframe?: unknown };
    return { kind: 'spec', name, rules };
  }
  throw new Error(`--strategy ${arg}: neither a strategy graph (with "nodes") nor a strategy spec (with "sizing" and "entry")`);
}

/** A file name as a strategy id: letters, digits, `-` and `_`, starting with a letter or digit. */
function idFrom(text: string): string {
  return idFromText(text, 'strategy');
}

export interface BuiltStrategy {
  readonly strategy: BacktestStrategy;
  /** Every parameter's value: the given ones over the defaults. */
  readonly params: Readonly<Record<string, number>>;
}

/**
 * The strategy decider of `source` for one instrument with `params`. Throws (GraphValidationError,
 * ExpressionError) naming the bad parameter, node or character position.
 */
export function buildStrategy(source: StrategySource, params: Readonly<Record<string, number>>, instrument: string, timeframe: string): BuiltStrategy {
  const id = source.name;
  switch (source.kind) {
    case 'template': {
      const instance = instantiateTemplate(source.name, { params, instruments: [instrument], timeframe });
      return { strategy: { id, decider: strategyDecider({ strategyId: id, spec: instance.spec }) }, params: instance.params };
    }
    case 'graph': {
      const bound = bindParams(source.graph.params ?? {}, source.graph.constraints ?? [], params, `parameters of ${source.name}`);
      return { strategy: { id, decider: strategyDecider({ strategyId: id, graph: source.graph, params, instruments: [instrument], timeframe }) }, params: bound };
    }
    case 'spec':
    case 'expression': {
      const graph = compileSpec({ ...source.rules, instruments: [instrument], timeframe });
      const bound = bindParams(graph.params ?? {}, graph.constraints ?? [], params, `parameters of ${source.name}`);
      return { strategy: { id, decider: strategyDecider({ strategyId: id, graph, params, instruments: [instrument], timeframe }) }, params: bound };
    }
  }
}

/**
 * Why `params` is not a valid parameter set for `source` (out of range, a broken constraint such
 * as fast < slow, an unknown name), or undefined when it is. Cheap: no graph is compiled.
 */
export function paramProblem(source: StrategySource, params: Readonly<Record<string, number>>): string | undefined {
  try {
    switch (source.kind) {
      case 'template': {
        const t = templates[source.name];
        bindParams(t.spec.params ?? {}, t.constraints, params, `parameters of template "${source.name}"`);
        return undefined;
      }
      case 'graph':
        bindParams(source.graph.params ?? {}, source.graph.constraints ?? [], params, `parameters of ${source.name}`);
        return undefined;
      case 'spec':
      case 'expression':
        bindParams(source.rules.params ?? {}, source.rules.constraints ?? [], params, `parameters of ${source.name}`);
        return undefined;
    }
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
