import type { Node as JsonNode } from 'jsonc-parser';
import { forEachExpression, type CallExpression, type Expression, type Interpolation, type PathExpression } from '../expressions/ast';
import type { ExpressionSite, FlowModel } from '../document/model';
import type { Span } from '../text/positions';

/**
 * Where the cursor is inside a `${...}` expression, read from the one
 * expression parser's AST (core/expressions): completion, hover, definition
 * and rename all start here.
 */
export type CursorKind =
  /** An expression may start here: `${|`, `${re|`, `fn.eq(|`. */
  | 'start'
  /** The ref name after `refs.`. */
  | 'ref'
  /** A property after `refs.<name>.`. */
  | 'property'
  /** The argument name after `args.`. */
  | 'arg'
  /** The function name after `fn.`. */
  | 'function';

export interface ExpressionCursor {
  site: ExpressionSite;
  interpolation: Interpolation;
  kind: CursorKind;
  /** The word under the cursor, which a completion replaces (empty where nothing is typed yet). */
  span: Span;
  /** Written with the `template.` prefix: it resolves in a parent template. */
  template: boolean;
  path?: PathExpression;
  call?: CallExpression;
  /** For `property`: the ref, and the property names before the one under the cursor. */
  refName?: string;
  parents?: string[];
}

/** The string holding `${` that contains `offset` (between its quotes, or up to its end when unterminated). */
export function siteAt(model: FlowModel, offset: number): ExpressionSite | undefined {
  const sites = model.expressions;
  let low = 0;
  let high = sites.length - 1;
  let found: ExpressionSite | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const site = sites[mid] as ExpressionSite;
    if (site.json.offset < offset) {
      found = site;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (!found) return undefined;
  return offset <= contentEnd(model.text, found.json) ? found : undefined;
}

/** The offset after a string's last character: before the closing quote, or the end of an unterminated string. */
export function contentEnd(text: string, json: JsonNode): number {
  const end = json.offset + json.length;
  const terminated = json.length >= 2 && text.charCodeAt(end - 1) === 34 /* " */ && text.charCodeAt(end - 2) !== 92; /* \ */
  return terminated ? end - 1 : end;
}

export function expressionCursor(model: FlowModel, offset: number): ExpressionCursor | undefined {
  const site = siteAt(model, offset);
  if (!site) return undefined;
  const interpolation = site.template.interpolations.find((i) => offset >= i.innerSpan.start && offset <= i.innerSpan.end);
  if (!interpolation) return undefined;
  const base = { site, interpolation, template: false };
  const fresh: ExpressionCursor = { ...base, kind: 'start', span: { start: offset, end: offset } };
  if (!interpolation.expression) return fresh;
  let found: Expression | undefined;
  // Pre-order: a nested expression containing the offset comes after its parent and wins.
  forEachExpression(interpolation.expression, (expression) => {
    if (expression.span.start <= offset && offset <= expression.span.end) found = expression;
  });
  if (!found || found.type === 'missing') return fresh;
  if (found.type === 'path') return pathCursor(base, found, offset);
  if (found.type === 'call') {
    const call = found;
    if (offset >= call.nameSpan.start && offset <= call.nameSpan.end) return { ...base, kind: 'function', span: call.nameSpan, call, template: call.template };
    // On `fn` (or `template.fn`) itself: the namespace is being typed.
    if (offset < call.nameSpan.start) return { ...base, kind: 'start', span: { start: call.span.start, end: Math.max(call.span.start, call.nameSpan.start - 1) }, call };
    return fresh;
  }
  // Inside a literal: a boolean is a finished word, strings and numbers are no place for names.
  return undefined;
}

function pathCursor(base: Pick<ExpressionCursor, 'site' | 'interpolation'>, path: PathExpression, offset: number): ExpressionCursor | undefined {
  const index = path.segments.findIndex((segment) => offset >= segment.span.start && offset <= segment.span.end);
  if (index < 0) return undefined;
  const segment = path.segments[index] as { span: Span };
  const namespaceIndex = path.template ? 1 : 0;
  const common = { ...base, path, template: path.template, span: segment.span };
  if (index <= namespaceIndex) return { ...common, kind: 'start' };
  const namespace = path.segments[namespaceIndex]?.name;
  if (namespace === 'refs') {
    if (index === namespaceIndex + 1) return { ...common, kind: 'ref' };
    return {
      ...common,
      kind: 'property',
      refName: path.segments[namespaceIndex + 1]?.name ?? '',
      parents: path.segments.slice(namespaceIndex + 2, index).map((s) => s.name),
    };
  }
  if (namespace === 'args' && index === namespaceIndex + 1) return { ...common, kind: 'arg' };
  return undefined;
}
