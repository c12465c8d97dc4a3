import type { ParamConstraint, ParamDecl } from '../graph/graph-schema';
import type { StrategyRules } from '../spec/strategy-spec';

export interface TemplateParam extends ParamDecl {
  readonly name: string;
  readonly description: string;
}

/**
 * A ready-made strategy: expressions over named, typed, range-checked parameters. Templates are
 * specs like any other (compiled to graphs by `specToGraph`), not special code.
 */
export interface StrategyTemplate {
  readonly name: string;
  /** One line for a palette or `--help`. */
  readonly description: string;
  /** The exact trading rule in words, including the edge cases. */
  readonly rules: string;
  readonly params: readonly TemplateParam[];
  readonly constraints: readonly ParamConstraint[];
  readonly spec: StrategyRules;
}

export function defineTemplate(t: {
  name: string;
  description: string;
  rules: string;
  params: TemplateParam[];
  constraints?: ParamConstraint[];
  entry: string;
  exit: string;
}): StrategyTemplate {
  const constraints = t.constraints ?? [];
  const decls = Object.fromEntries(t.params.map(({ name, ...decl }) => [name, decl]));
  return {
    name: t.name,
    description: t.description,
    rules: t.rules,
    params: t.params,
    constraints,
    spec: {
      name: t.name,
      description: t.description,
      entry: t.entry,
      exit: t.exit,
      sizing: { mode: 'long-only', weight: 1 },
      params: decls,
      ...(constraints.length > 0 ? { constraints } : {}),
    },
  };
}

export const period = (name: string, fallback: number, description: string, min = 1): TemplateParam => ({
  name,
  type: 'integer',
  default: fallback,
  min,
  max: 1000,
  description,
});
