/** Expression syntax tree; `at`/`length` locate each node in the source for error messages. */
export type Expr =
  | { readonly type: 'number'; readonly value: number; readonly at: number; readonly length: number }
  | { readonly type: 'param'; readonly name: string; readonly at: number; readonly length: number }
  | { readonly type: 'string'; readonly value: string; readonly at: number; readonly length: number }
  | { readonly type: 'name'; readonly name: string; readonly at: number; readonly length: number }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly at: number; readonly length: number }
  | { readonly type: 'member'; readonly object: Expr; readonly port: string; readonly at: number; readonly length: number }
  | { readonly type: 'unary'; readonly op: '-' | 'not'; readonly operand: Expr; readonly at: number; readonly length: number }
  | {
      readonly type: 'binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly at: number;
      readonly length: number;
      /** Offset of the operator. */
      readonly opAt: number;
    };

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export const COMPARISON_OPS: readonly BinaryOp[] = ['<', '<=', '>', '>=', '==', '!='];
