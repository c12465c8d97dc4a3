import { graphIssue, GraphValidationError, type GraphIssue } from './graph-issues';
import type { ParamConstraint, ParamDecl, ParamDecls } from './graph-schema';

export type ParamValues = Readonly<Record<string, number>>;

export function isParamRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('$');
}

export function describeRange(decl: Pick<ParamDecl, 'type' | 'min' | 'max'>): string {
  return `${decl.type === 'integer' ? 'an integer' : 'a number'} in [${decl.min}, ${decl.max}]`;
}

/** Problems of the declarations themselves: an empty range, or a default outside it. */
export function declarationIssues(decls: ParamDecls, constraints: readonly ParamConstraint[]): GraphIssue[] {
  const issues: GraphIssue[] = [];
  for (const [name, decl] of Object.entries(decls)) {
    if (!(decl.min <= decl.max)) issues.push(graphIssue('paramRange', { param: name }, `min (${decl.min}) must be <= max (${decl.max})`));
    else issues.push(...valueIssues(name, decl, decl.default, false));
  }
  for (const c of constraints) {
    for (const name of [c.param, c.lessThan]) {
      if (!Object.hasOwn(decls, name)) issues.push(graphIssue('undeclaredParam', { param: name }, 'is used by a constraint but not declared'));
    }
  }
  return issues;
}

function valueIssues(name: string, decl: ParamDecl, value: number, given: boolean): GraphIssue[] {
  const ok = Number.isFinite(value) && (decl.type === 'number' || Number.isInteger(value)) && value >= decl.min && value <= decl.max;
  const got = given ? `got ${String(value)}` : `its default is ${String(value)}`;
  return ok ? [] : [graphIssue('paramRange', { param: name }, `must be ${describeRange(decl)}, ${got}`)];
}

/**
 * The value of every declared parameter: `values` over the defaults. Unknown names, values out of
 * range and broken constraints are issues (an unknown name is most likely a typo on a command line).
 */
export function bindParamIssues(
  decls: ParamDecls,
  constraints: readonly ParamConstraint[],
  values: ParamValues,
): { values: Record<string, number>; issues: GraphIssue[] } {
  const issues: GraphIssue[] = [];
  const bound: Record<string, number> = {};
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(decls, name)) {
      const known = Object.keys(decls);
      issues.push(graphIssue('unknownParam', { param: name }, `is not a parameter of this strategy (known: ${known.length > 0 ? known.join(', ') : 'none'})`));
    }
  }
  for (const [name, decl] of Object.entries(decls)) {
    const given = Object.hasOwn(values, name);
    const value = given ? values[name] : decl.default;
    issues.push(...valueIssues(name, decl, value, given));
    bound[name] = value;
  }
  if (issues.length === 0) {
    for (const c of constraints) {
      const a = bound[c.param];
      const b = bound[c.lessThan];
      if (a !== undefined && b !== undefined && !(a < b)) {
        issues.push(graphIssue('paramRule', { param: c.param }, `must be less than "${c.lessThan}" (${a} >= ${b})`));
      }
    }
  }
  return { values: bound, issues };
}

/** Like bindParamIssues, but throws a GraphValidationError naming each bad parameter and its range. */
export function bindParams(decls: ParamDecls, constraints: readonly ParamConstraint[], values: ParamValues, what = 'parameters'): Record<string, number> {
  const result = bindParamIssues(decls, constraints, values);
  if (result.issues.length > 0) throw new GraphValidationError(result.issues, what);
  return result.values;
}

/**
 * Parses command-line assignments (`fast=5`, `mult=2.5`) into parameter values. Throws naming the
 * assignment that is malformed or not a finite number.
 */
export function parseParamAssignments(assignments: readonly string[]): Record<string, number> {
  const values: Record<string, number> = {};
  for (const text of assignments) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(\S+)\s*$/.exec(text);
    if (!match) throw new Error(`parameter assignment "${text}" must look like name=value`);
    const value = Number(match[2]);
    if (!Number.isFinite(value)) throw new Error(`parameter assignment "${text}": "${match[2]}" is not a finite number`);
    if (Object.hasOwn(values, match[1])) throw new Error(`parameter "${match[1]}" is assigned twice`);
    values[match[1]] = value;
  }
  return values;
}
