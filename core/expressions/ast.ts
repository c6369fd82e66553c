import type { Span } from '../text/positions';

/** One dotted segment of a path (`refs`, `api`, `ports`, `0`, `dns`), with its place in the document. */
export interface PathSegment {
  name: string;
  span: Span;
}

/**
 * `refs.build.sha`, `args.NAME`, or anything else written as a dotted path.
 * `segments[0]` is the namespace; an empty trailing segment (`refs.`) is kept so
 * completion knows where the user is typing.
 */
export interface PathExpression {
  type: 'path';
  /** Written with the `template.` prefix: resolved by the parent template's run. */
  template: boolean;
  segments: PathSegment[];
  span: Span;
}

export interface CallExpression {
  type: 'call';
  template: boolean;
  name: string;
  /** Span of the function name after `fn.` (empty when missing). */
  nameSpan: Span;
  args: Expression[];
  /** False when the closing parenthesis is missing. */
  closed: boolean;
  span: Span;
}

export interface StringLiteral {
  type: 'string';
  value: string;
  span: Span;
}

export interface NumberLiteral {
  type: 'number';
  value: number;
  span: Span;
}

export interface BooleanLiteral {
  type: 'boolean';
  value: boolean;
  span: Span;
}

/** Placeholder where an expression was expected but could not be parsed. */
export interface MissingExpression {
  type: 'missing';
  span: Span;
}

export type Expression =
  | PathExpression
  | CallExpression
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | MissingExpression;

export interface ExpressionError {
  message: string;
  span: Span;
}

/** A `${...}` occurrence inside a string. */
export interface Interpolation {
  /** From `${` to the closing `}` inclusive (or the end of the string when unterminated). */
  span: Span;
  /** The text between the braces. */
  innerSpan: Span;
  /** Undefined when the interpolation is empty. */
  expression: Expression | undefined;
  terminated: boolean;
}

/** A whole JSON string value split into text and interpolations. */
export interface ParsedTemplate {
  interpolations: Interpolation[];
  errors: ExpressionError[];
  /** True when the string is exactly one interpolation and nothing else, so its value keeps the expression's type. */
  isSingleExpression: boolean;
}

export type Namespace = 'refs' | 'args' | 'fn' | 'template';
export const NAMESPACES: readonly Namespace[] = ['refs', 'args', 'fn', 'template'];

/** Visits every expression in pre-order. Iterative because user input can nest deeply. */
export function forEachExpression(root: Expression, visit: (expression: Expression) => void): void {
  const stack: Expression[] = [root];
  while (stack.length > 0) {
    const expression = stack.pop() as Expression;
    visit(expression);
    if (expression.type === 'call') {
      for (let i = expression.args.length - 1; i >= 0; i--) stack.push(expression.args[i] as Expression);
    }
  }
}
