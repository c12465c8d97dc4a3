/** One broken rule: where (JSON pointer into the message), which rule, and a readable sentence. */
export interface ValidationIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

/** Builds an issue whose message names both the path and the rule, so it reads well on its own. */
export function makeIssue(path: string, rule: string, detail: string): ValidationIssue {
  return { path, rule, message: `${path === '' ? '/' : path}: ${detail} [${rule}]` };
}

/** A problem found by a cross-field check, relative to the value checked. */
export interface Problem {
  readonly path: string;
  readonly rule: string;
  readonly detail: string;
}

export function problemsToIssues(prefix: string, problems: readonly Problem[]): ValidationIssue[] {
  return problems.map((p) => makeIssue(prefix + p.path, p.rule, p.detail));
}

/** Joins issues into one line for an Error message. */
export function describeIssues(issues: readonly ValidationIssue[], max = 10): string {
  const shown = issues.slice(0, max).map((i) => i.message);
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return shown.join('; ') + more;
}

/** Thrown by builders (createEvent, deadLetter) when the caller hands in an invalid event. */
export class ContractViolationError extends Error {
  constructor(
    readonly what: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`${what} is invalid: ${describeIssues(issues)}`);
    this.name = 'ContractViolationError';
  }
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Resolves a JSON pointer (`/a/0/b`, or `#/a/0/b` for schema paths); undefined when absent. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  const body = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (body === '') return root;
  let node: unknown = root;
  for (const raw of body.slice(1).split('/')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[unescapePointerToken(raw)];
  }
  return node;
}
