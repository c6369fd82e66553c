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

/** A site's uses in order; paths with the `template.` prefix go apart (rare: allocated only when there is one). */
export interface SiteUses {
  uses: ExpressionUse[];
  templatePrefixed: PathExpression[] | undefined;
}

/**
 * The uses of each site. An incremental update keeps the sites outside the
 * part it rebuilt (with their templates and owners), so after a keystroke only
 * the new sites are read again.
 */
const bySite = new WeakMap<ExpressionSite, SiteUses>();

/** Every ref, argument and function use in the document, computed once per model. */
export function expressionUses(model: FlowModel): ExpressionUses {
  const cached = cache.get(model);
  if (cached) return cached;
  const uses: ExpressionUses = { refs: [], args: [], calls: [], unknownNamespaces: [], templatePrefixed: [] };
  for (const site of model.expressions) {
    const ofSite = usesOfSite(site);
    for (const use of ofSite.uses) {
      if (use.type === 'ref') uses.refs.push(use);
      else if (use.type === 'arg') uses.args.push(use);
      else if (use.type === 'call') uses.calls.push(use);
      else uses.unknownNamespaces.push(use);
    }
    if (ofSite.templatePrefixed) uses.templatePrefixed.push(...ofSite.templatePrefixed);
  }
  cache.set(model, uses);
  return uses;
}

/** The uses of one site, in order (kept per site object). */
export function usesOfSite(site: ExpressionSite): SiteUses {
  let ofSite = bySite.get(site);
  if (!ofSite) bySite.set(site, (ofSite = siteUses(site)));
  return ofSite;
}

function siteUses(site: ExpressionSite): SiteUses {
  const result: SiteUses = { uses: [], templatePrefixed: undefined };
  for (const interpolation of site.template.interpolations) {
    if (!interpolation.expression) continue;
    forEachExpression(interpolation.expression, (expression) => {
      if (expression.type === 'call') {
        if (!expression.template) result.uses.push({ type: 'call', site, call: expression });
      } else if (expression.type === 'path') {
        if (expression.template) (result.templatePrefixed ??= []).push(expression);
        else classifyPath(result.uses, site, expression);
      }
    });
  }
  return result;
}

/** A path without the `template.` prefix, as the use it is (if any). */
function classifyPath(uses: ExpressionUse[], site: ExpressionSite, path: PathExpression): void {
  const [namespace, name, ...property] = path.segments;
  if (namespace === undefined) return;
  if (namespace.name === 'refs' && name !== undefined) {
    uses.push({ type: 'ref', site, path, name: name.name, nameSpan: name.span, property });
  } else if (namespace.name === 'args' && name !== undefined) {
    uses.push({ type: 'arg', site, path, name: name.name, nameSpan: name.span });
  } else if (!['refs', 'args', 'fn', 'template'].includes(namespace.name)) {
    uses.push({ type: 'unknown-namespace', site, path });
  }
}
