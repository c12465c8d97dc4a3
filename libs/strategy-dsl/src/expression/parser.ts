import { COMPARISON_OPS, type BinaryOp, type Expr } from './ast';
import { ExpressionError, lineColumn } from './expression-error';
import { tokenize, type Token } from './lexer';

/**
 * Parses one expression. Grammar, loosest binding first:
 *
 *   or      := and ('or' and)*
 *   and     := not ('and' not)*
 *   not     := 'not' not | compare
 *   compare := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?     comparisons do not chain
 *   sum     := product (('+' | '-') product)*
 *   product := unary (('*' | '/') unary)*
 *   unary   := '-' number | '-' unary | postfix                          '-' number is a negative literal
 *   postfix := primary ('.' name)?                                     an output port: macd(...).signal
 *   primary := number | $param | 'string' | name | name '(' args? ')' | '(' or ')'
 */
export function parseExpression(source: string, label = 'expression'): Expr {
  try {
    return new Parser(source).parse();
  } catch (error) {
    if (error instanceof ExpressionError && label !== error.label) throw error.relabel(label);
    throw error;
  }
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly source: string) {
    this.tokens = tokenize(source);
  }

  parse(): Expr {
    if (this.peek().kind === 'end') throw this.error('the expression is empty', this.peek());
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.error(`unexpected "${rest.text}" after a complete expression`, rest);
    return expr;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or')) left = this.binary('or', left, this.next(), this.and());
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and')) left = this.binary('and', left, this.next(), this.not());
    return left;
  }

  private not(): Expr {
    if (!this.isWord('not')) return this.compare();
    const word = this.next();
    const operand = this.not();
    return { type: 'unary', op: 'not', operand, at: word.at, length: this.end(operand) - word.at };
  }

  private compare(): Expr {
    const left = this.sum();
    const op = this.peek();
    if (op.kind !== 'op' || !COMPARISON_OPS.includes(op.text as BinaryOp)) return left;
    this.next();
    const expr = this.binary(op.text as BinaryOp, left, op, this.sum());
    const again = this.peek();
    if (again.kind === 'op' && COMPARISON_OPS.includes(again.text as BinaryOp)) {
      throw this.error('comparisons do not chain: write "a < b and b < c"', again);
    }
    return expr;
  }

  private sum(): Expr {
    let left = this.product();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next();
      left = this.binary(op.text as BinaryOp, left, op, this.product());
    }
    return left;
  }

  private product(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.next();
      left = this.binary(op.text as BinaryOp, left, op, this.unary());
    }
    return left;
  }

  private unary(): Expr {
    if (!this.isOp('-')) return this.postfix();
    const minus = this.next();
    // `-` directly in front of a number is a negative literal (one constant node, printed back as
    // `-5`); `-(5)` and `--5` stay negations, so printing and parsing are exact inverses.
    const literal = this.peek();
    if (literal.kind === 'number') {
      this.next();
      return { type: 'number', value: -(literal.value as number), at: minus.at, length: literal.at + literal.text.length - minus.at };
    }
    const operand = this.unary();
    return { type: 'unary', op: '-', operand, at: minus.at, length: this.end(operand) - minus.at };
  }

  private postfix(): Expr {
    const object = this.primary();
    if (!this.isOp('.')) return object;
    this.next();
    const port = this.next();
    if (port.kind !== 'name') throw this.error('expected an output name after "." (e.g. .signal)', port);
    const expr: Expr = { type: 'member', object, port: port.text, at: port.at, length: port.text.length };
    if (this.isOp('.')) throw this.error('an output has no outputs of its own', this.peek());
    return expr;
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { type: 'number', value: token.value as number, at: token.at, length: token.text.length };
      case 'param':
        return { type: 'param', name: token.text, at: token.at, length: token.text.length + 1 };
      case 'string':
        return { type: 'string', value: token.text, at: token.at, length: token.text.length + 2 };
      case 'name':
        if (['and', 'or', 'not'].includes(token.text)) throw this.error(`"${token.text}" needs an operand before it`, token);
        return this.isOp('(') ? this.call(token) : { type: 'name', name: token.text, at: token.at, length: token.text.length };
      case 'op':
        if (token.text === '(') {
          const inner = this.or();
          this.expect(')', 'to close "("', token);
          return inner;
        }
        throw this.error(`unexpected "${token.text}"`, token);
      default:
        throw this.error('the expression ends too early', token);
    }
  }

  private call(name: Token): Expr {
    const open = this.next();
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        args.push(this.or());
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    const close = this.expect(')', `to close the arguments of ${name.text}(`, open);
    return { type: 'call', name: name.text, args, at: name.at, length: close.at + 1 - name.at };
  }

  /** Spans both operands, so an error about the whole operation underlines all of it. */
  private binary(op: BinaryOp, left: Expr, token: Token, right: Expr): Expr {
    return { type: 'binary', op, left, right, at: left.at, length: this.end(right) - left.at, opAt: token.at };
  }

  /** Offset just past an expression. */
  private end(expr: Expr): number {
    return expr.at + expr.length;
  }

  private expect(text: string, why: string, opened: Token): Token {
    const token = this.peek();
    if (token.kind === 'op' && token.text === text) return this.next();
    const found = token.kind === 'end' ? 'the end' : `"${token.text}"`;
    const { line, col } = lineColumn(this.source, opened.at);
    throw this.error(`expected "${text}" ${why} (opened at ${line}:${col}), found ${found}`, token);
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'name' && t.text === word;
  }

  private error(detail: string, token: Token): ExpressionError {
    return new ExpressionError(detail, this.source, token.at, Math.max(1, token.text.length));
  }
}
