/**
 * NATS subject syntax: dot-separated non-empty tokens without whitespace. In a filter, `*` stands for
 * exactly one token and `>` (last token only) for one or more trailing tokens. A concrete subject, the
 * kind a message is published on, holds no wildcard.
 */
const WHITESPACE = /\s/;

function tokensOf(value: string, what: string): string[] {
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  if (WHITESPACE.test(value)) throw new Error(`${what} "${value}" contains whitespace`);
  const tokens = value.split('.');
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].length === 0) throw new Error(`${what} "${value}" has an empty token at position ${i + 1}`);
  }
  return tokens;
}

/** Splits a filter into tokens, throwing a clear error (prefixed by `what`) if it is malformed. */
export function filterTokens(filter: string, what = 'subject filter'): string[] {
  const tokens = tokensOf(filter, what);
  const last = tokens.length - 1;
  for (let i = 0; i < last; i++) {
    if (tokens[i] === '>') throw new Error(`${what} "${filter}": ">" is only allowed as the last token`);
  }
  return tokens;
}

/** Splits a concrete subject into tokens, throwing a clear error (prefixed by `what`) if it is malformed. */
export function subjectTokens(subject: string, what = 'subject'): string[] {
  const tokens = tokensOf(subject, what);
  for (const token of tokens) {
    if (token === '*' || token === '>') {
      throw new Error(`${what} "${subject}" contains the wildcard "${token}"; publish to a concrete subject`);
    }
  }
  return tokens;
}

export function assertSubjectFilter(filter: string, what?: string): void {
  filterTokens(filter, what);
}

export function assertSubject(subject: string, what?: string): void {
  subjectTokens(subject, what);
}
