/**
 * The `${...}` evaluator. It walks the AST of core/expressions/parser.ts (the
 * one parser) and resolves refs against node outputs and trigger values, args
 * against the run's arguments, and calls through functions.ts.
 *
 * - A string that is exactly one interpolation keeps the value's type
 *   (`"${fn.add(1, 2)}"` is the number 3); otherwise values are joined as text.
 * - A ref or arg must resolve, except as an argument a function takes as a
 *   boolean, where an unresolved one counts as `false` (make-a-template-dynamic.md:
 *   "treated as false if used as boolean arguments").
 * - During the dry run, refs are not known yet: they evaluate to DEFERRED, and
 *   so does anything computed from them.
 */
import type { Expression, ParsedTemplate } from './ast';
import { findClosingBrace } from './parser';
import { FUNCTIONS } from '../catalogue/functions';
import type { Span } from '../text/positions';

/** A value only known once nodes have run. */
export const DEFERRED: unique symbol = Symbol('deferred');

export type Lookup = { value: unknown } | { missing: string } | typeof DEFERRED;

export interface Scope {
  ref(name: string, path: readonly string[]): Lookup;
  arg(name: string): Lookup;
  /** Calls a function; `ordinal` numbers the calls of one string in evaluation order. Throws FunctionError. */
  call(name: string, args: unknown[], ordinal: number): unknown;
}

export class EvaluationError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly code: 'unresolved-ref' | 'unresolved-arg' | 'function-error' | 'expression-syntax',
  ) {
    super(message);
  }
}

/** Evaluates one string value of the flow. Throws EvaluationError. */
export function evaluateTemplate(value: string, template: ParsedTemplate, scope: Scope): unknown {
  const firstError = template.errors[0];
  if (firstError) throw new EvaluationError(firstError.message, firstError.span, 'expression-syntax');
  const state = { ordinal: 0 };
  if (template.isSingleExpression) {
    const only = template.interpolations[0];
    return only?.expression ? evaluate(only.expression, scope, false, state) : '';
  }
  let result = '';
  let deferred = false;
  let cursor = 0;
  // Interpolation spans are document offsets; rebuild the string from the raw value's `${` positions instead.
  for (const interpolation of template.interpolations) {
    const open = value.indexOf('${', cursor);
    const found = findClosingBrace(value, open + 2);
    const close = found < 0 ? value.length - 1 : found;
    result += value.slice(cursor, open);
    const part = interpolation.expression ? evaluate(interpolation.expression, scope, false, state) : '';
    if (part === DEFERRED) deferred = true;
    else result += asText(part);
    cursor = close + 1;
  }
  result += value.slice(cursor);
  return deferred ? DEFERRED : result;
}

/** How a value reads inside a longer string. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** True when argument `index` of `fn.name` is a boolean parameter (the last one repeats for variadic functions). */
export function takesBoolean(name: string, index: number): boolean {
  const params = FUNCTIONS.get(name)?.params ?? [];
  return params[Math.min(index, params.length - 1)]?.type === 'boolean';
}

function evaluate(expression: Expression, scope: Scope, asBoolean: boolean, state: { ordinal: number }): unknown {
  switch (expression.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return expression.value;
    case 'missing':
      throw new EvaluationError('Expected an expression.', expression.span, 'expression-syntax');
    case 'path': {
      const [namespace, name, ...rest] = expression.segments.map((s) => s.name);
      if (expression.template) {
        throw new EvaluationError('`template.` expressions resolve in the run of a parent template, not in a release flow.', expression.span, 'unresolved-ref');
      }
      if ((namespace !== 'refs' && namespace !== 'args') || name === undefined || name === '') {
        throw new EvaluationError(`'${expression.segments.map((s) => s.name).join('.')}' is not refs.<node>..., args.<name> or fn.<function>(...).`, expression.span, 'expression-syntax');
      }
      const lookup = namespace === 'refs' ? scope.ref(name, rest) : scope.arg(name);
      if (lookup === DEFERRED) return DEFERRED;
      if ('value' in lookup) return lookup.value;
      if (asBoolean) return false;
      throw new EvaluationError(lookup.missing, expression.span, namespace === 'refs' ? 'unresolved-ref' : 'unresolved-arg');
    }
    case 'call': {
      if (expression.template) {
        throw new EvaluationError('`template.fn` calls resolve in the run of a parent template, not in a release flow.', expression.span, 'unresolved-ref');
      }
      const args = expression.args.map((arg, i) => evaluate(arg, scope, takesBoolean(expression.name, i), state));
      const ordinal = state.ordinal++;
      if (args.includes(DEFERRED)) return DEFERRED;
      try {
        return scope.call(expression.name, args, ordinal);
      } catch (error) {
        throw new EvaluationError((error as Error).message, expression.span, 'function-error');
      }
    }
    default:
      return undefined;
  }
}

/** Reads `path` (`['config', 'addonVersion']`, `['ports', '0', 'dns']`) from a node's outputs. */
export function readPath(outputs: unknown, path: readonly string[]): { value: unknown } | { missingAt: number } {
  let current = outputs;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string;
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, segment)) current = (current as Record<string, unknown>)[segment];
    else return { missingAt: i };
    if (current === undefined) return { missingAt: i };
  }
  return { value: current };
}
