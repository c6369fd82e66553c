import type { ExpressionSite, FlowModel } from './model';
import type { Span } from '../text/positions';
import { forEachExpression, type CallExpression, type PathExpression, type PathSegment } from '../expressions/ast';

/** `${refs.<name>.<property...>}` */
export interface RefUse {
  type: 'ref';
  site: ExpressionSite;
  path: PathExpression;
  name: string;
  nameSpan: Span;
  property: PathSegment[];
}

/** `${args.<name>}` */
export interface ArgUse {
  type: 'arg';
  site: ExpressionSite;
  path: PathExpression;
  name: string;
  nameSpan: Span;
}

/** `${fn.<name>(...)}` */
export interface CallUse {
  type: 'call';
  site: ExpressionSite;
  call: CallExpression;
}

/** A path whose first segment is none of refs, args, fn, template. */
export interface UnknownNamespaceUse {
  type: 'unknown-namespace';
  site: ExpressionSite;
  path: PathExpression;
}

export type ExpressionUse = RefUse | ArgUse | CallUse | UnknownNamespaceUse;

export interface ExpressionUses {
  refs: RefUse[];
  args: ArgUse[];
  calls: CallUse[];
  unknownNamespaces: UnknownNamespaceUse[];
  /** Paths written with the `template.` prefix: they resolve in a parent template, not here. */
  templatePrefixed: PathExpression[];
}

const cache = new WeakMap<FlowModel, ExpressionUses>();
/**
 * The uses of each site. An incremental update keeps the sites outside the
 * part it rebuilt (with their templates and owners), so after a keystroke only
 * the new sites are read again.
 */
const bySite = new WeakMap<ExpressionSite, ExpressionUses>();

/** Every ref, argument and function use in the document, computed once per model. */
export function expressionUses(model: FlowModel): ExpressionUses {
  const cached = cache.get(model);
  if (cached) return cached;
  const uses: ExpressionUses = { refs: [], args: [], calls: [], unknownNamespaces: [], templatePrefixed: [] };
  for (const site of model.expressions) {
    let ofSite = bySite.get(site);
    if (!ofSite) bySite.set(site, (ofSite = siteUses(site)));
    for (const use of ofSite.refs) uses.refs.push(use);
    for (const use of ofSite.args) uses.args.push(use);
    for (const use of ofSite.calls) uses.calls.push(use);
    for (const use of ofSite.unknownNamespaces) uses.unknownNamespaces.push(use);
    for (const path of ofSite.templatePrefixed) uses.templatePrefixed.push(path);
  }
  cache.set(model, uses);
  return uses;
}

function siteUses(site: ExpressionSite): ExpressionUses {
  const uses: ExpressionUses = { refs: [], args: [], calls: [], unknownNamespaces: [], templatePrefixed: [] };
  for (const interpolation of site.template.interpolations) {
    if (!interpolation.expression) continue;
    forEachExpression(interpolation.expression, (expression) => {
      if (expression.type === 'call') {
        if (!expression.template) uses.calls.push({ type: 'call', site, call: expression });
      } else if (expression.type === 'path') {
        classifyPath(uses, site, expression);
      }
    });
  }
  return uses;
}

function classifyPath(uses: ExpressionUses, site: ExpressionSite, path: PathExpression): void {
  if (path.template) {
    uses.templatePrefixed.push(path);
    return;
  }
  const [namespace, name, ...property] = path.segments;
  if (namespace === undefined) return;
  if (namespace.name === 'refs' && name !== undefined) {
    uses.refs.push({ type: 'ref', site, path, name: name.name, nameSpan: name.span, property });
  } else if (namespace.name === 'args' && name !== undefined) {
    uses.args.push({ type: 'arg', site, path, name: name.name, nameSpan: name.span });
  } else if (!['refs', 'args', 'fn', 'template'].includes(namespace.name)) {
    uses.unknownNamespaces.push({ type: 'unknown-namespace', site, path });
  }
}
