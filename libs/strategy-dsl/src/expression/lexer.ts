import { ExpressionError } from './expression-error';

export type TokenKind = 'number' | 'name' | 'param' | 'string' | 'op' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Character offset of the first character. */
  readonly at: number;
  readonly value?: number;
}

const OPERATORS = ['<=', '>=', '==', '!=', '(', ')', ',', '.', '+', '-', '*', '/', '<', '>'];
const NUMBER = /\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Splits an expression into tokens; `#` starts a comment that runs to the end of the line. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      // `10abc` is a typo, not the number 10 followed by the name abc.
      NAME.lastIndex = i + number[0].length;
      if (NAME.exec(source)) throw new ExpressionError(`malformed number "${source.slice(i, NAME.lastIndex)}"`, source, i, NAME.lastIndex - i);
      tokens.push({ kind: 'number', text: number[0], at: i, value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = c === '$' ? i + 1 : i;
    const name = NAME.exec(source);
    if (c === '$') {
      if (!name) throw new ExpressionError('"$" must be followed by a parameter name, e.g. $fast', source, i);
      tokens.push({ kind: 'param', text: name[0], at: i });
      i += 1 + name[0].length;
      continue;
    }
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      const newline = source.indexOf('\n', i + 1);
      if (end < 0 || (newline >= 0 && newline < end)) throw new ExpressionError('unterminated string', source, i);
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character "${c}"`, source, i);
    tokens.push({ kind: 'op', text: op, at: i });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}
