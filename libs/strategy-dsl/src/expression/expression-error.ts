/** Line and column (both 1-based) of a character offset. */
export function lineColumn(source: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/**
 * A syntax or type error in an expression, at a character position: the message reads
 * `<label> at line:col: <detail>` followed by the offending line and a caret under the span.
 */
export class ExpressionError extends Error {
  readonly line: number;
  readonly col: number;
  readonly excerpt: string;

  constructor(
    readonly detail: string,
    readonly source: string,
    readonly offset: number,
    readonly length = 1,
    readonly label = 'expression',
  ) {
    const { line, col } = lineColumn(source, offset);
    const lineText = source.split('\n')[line - 1] ?? '';
    const width = Math.max(1, Math.min(length, lineText.length - (col - 1)));
    const excerpt = `  ${lineText}\n  ${' '.repeat(col - 1)}${'^'.repeat(width)}`;
    super(`${label} at ${line}:${col}: ${detail}\n${excerpt}`);
    this.name = 'ExpressionError';
    this.line = line;
    this.col = col;
    this.excerpt = excerpt;
  }

  /** The same error reported under another label (e.g. `exit expression`). */
  relabel(label: string): ExpressionError {
    return new ExpressionError(this.detail, this.source, this.offset, this.length, label);
  }
}
