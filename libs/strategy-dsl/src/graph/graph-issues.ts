/**
 * One problem of a strategy graph. `nodeId`, `port` (an input or output port), `field` (a node
 * property such as `params.period`) and `param` (a graph parameter) say where; `message` says it all
 * in one line so it can be shown on its own.
 */
export interface GraphIssue {
  readonly rule: GraphRule;
  readonly message: string;
  readonly nodeId?: string;
  readonly port?: string;
  readonly field?: string;
  readonly param?: string;
}

export type GraphRule =
  | 'schema'
  | 'duplicateId'
  | 'unknownIndicator'
  | 'unknownParam'
  | 'paramRange'
  | 'paramRule'
  | 'undeclaredParam'
  | 'unknownInput'
  | 'missingInput'
  | 'unknownNode'
  | 'unknownPort'
  | 'typeMismatch'
  | 'cycle'
  | 'targetCount';

export interface IssueLocation {
  readonly nodeId?: string;
  readonly port?: string;
  readonly field?: string;
  readonly param?: string;
}

export function graphIssue(rule: GraphRule, where: IssueLocation, detail: string): GraphIssue {
  const parts: string[] = [];
  if (where.nodeId !== undefined) parts.push(`node "${where.nodeId}"`);
  if (where.port !== undefined) parts.push(`port "${where.port}"`);
  if (where.field !== undefined) parts.push(`field "${where.field}"`);
  if (where.param !== undefined) parts.push(`parameter "${where.param}"`);
  const prefix = parts.length > 0 ? `${parts.join(' ')}: ` : '';
  return { rule, message: `${prefix}${detail} [${rule}]`, ...where };
}

export class GraphValidationError extends Error {
  constructor(
    readonly issues: readonly GraphIssue[],
    what = 'strategy graph',
  ) {
    const shown = issues.slice(0, 10).map((i) => i.message);
    const more = issues.length > 10 ? ` (and ${issues.length - 10} more)` : '';
    super(`invalid ${what}: ${shown.join('; ')}${more}`);
    this.name = 'GraphValidationError';
  }
}
