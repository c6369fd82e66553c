import type { Node as JsonNode } from 'jsonc-parser';
import type { FlowDiagnostic, ValidationContext, Validator } from './diagnostics';
import { firstSiteAtOrAfter } from '../document/incremental';
import { jsonIndex } from '../document/jsonIndex';
import type { ExpressionSite, FlowModel, FlowNode } from '../document/model';

/**
 * A part of the document that a node-local rule reads: the whole document,
 * the values outside the node trees (the top level), or one flow node's own
 * values (its JSON without the steps that are flow nodes themselves). Every
 * value of the document belongs to exactly one top-level or node region, so a
 * node-local rule's findings over the whole document are the findings over
 * each region together. That lets the language server keep each node's
 * findings and check again only the nodes an edit changed (nodeFindings.ts).
 */
export interface ValidationRegion {
  model: FlowModel;
  /** Flow nodes whose own fields lie in the region. */
  nodes: readonly FlowNode[];
  /** String values in the region (property keys excluded), in document order. */
  strings: readonly JsonNode[];
  /** The expression sites among those strings, in document order. */
  sites: readonly ExpressionSite[];
  /** `timeoutDuration` values inside the node trees, in document order. */
  timeouts: readonly JsonNode[];
  /** Values of the `arguments` object in the region. */
  argumentValues: ReadonlySet<JsonNode>;
  /** The region holds the document's top-level fields (`argumentOverrides` and the like). */
  topLevel: boolean;
}

/**
 * A rule whose findings about a value depend only on the flow node holding it
 * (its own fields, kind, tree and whether it is a tree's root), or on the top
 * level alone: never on other nodes, refs or the file's place. Its messages
 * hold no line numbers (those move with edits above).
 */
export interface LocalValidator extends Validator {
  validateRegion(region: ValidationRegion): FlowDiagnostic[];
}

export function isLocalValidator(validator: Validator): validator is LocalValidator {
  return typeof (validator as Partial<LocalValidator>).validateRegion === 'function';
}

const wholeRegions = new WeakMap<FlowModel, ValidationRegion>();

/** The whole document as one region (what the CLI and a first validation check). */
export function wholeRegion(model: FlowModel): ValidationRegion {
  let region = wholeRegions.get(model);
  if (!region) {
    const index = jsonIndex(model);
    region = { model, nodes: model.nodes, strings: index.strings, sites: model.expressions, timeouts: index.timeouts, argumentValues: argumentValuesOf(model), topLevel: true };
    wholeRegions.set(model, region);
  }
  return region;
}

/** A node-local rule as a whole-document validator. */
export function localValidator(name: string, validateRegion: (region: ValidationRegion) => FlowDiagnostic[]): LocalValidator {
  const validator: LocalValidator = { name, validateRegion, validate: ({ model }: ValidationContext) => validator.validateRegion(wholeRegion(model)) };
  return validator;
}

function argumentValuesOf(model: FlowModel): Set<JsonNode> {
  const values = new Set<JsonNode>();
  for (const argument of model.arguments.values()) if (argument.valueNode) values.add(argument.valueNode);
  return values;
}

const NO_VALUES: ReadonlySet<JsonNode> = new Set();

/** The values outside the node trees. */
export function topLevelRegion(model: FlowModel): ValidationRegion {
  const skip = new Set<JsonNode>();
  if (model.rootNode) skip.add(model.rootNode.json);
  if (model.teardownRootNode) skip.add(model.teardownRootNode.json);
  const strings: JsonNode[] = [];
  const timeouts: JsonNode[] = [];
  if (model.root) collectOwnValues(model.root, skip, false, strings, timeouts);
  return { model, nodes: [], strings, sites: sitesOf(model, strings), timeouts, argumentValues: argumentValuesOf(model), topLevel: true };
}

/** One flow node's own values: its JSON without the steps that are flow nodes. */
export function nodeRegion(model: FlowModel, node: FlowNode): ValidationRegion {
  const skip = new Set<JsonNode>();
  for (const child of node.children) skip.add(child.json);
  const strings: JsonNode[] = [];
  const timeouts: JsonNode[] = [];
  collectOwnValues(node.json, skip, true, strings, timeouts);
  return { model, nodes: [node], strings, sites: sitesOf(model, strings), timeouts, argumentValues: NO_VALUES, topLevel: false };
}

/** Strings and (inside the trees) timeoutDuration values under `root`, not entering `skip`, in document order (as jsonIndex lists them). */
function collectOwnValues(root: JsonNode, skip: ReadonlySet<JsonNode>, inTrees: boolean, strings: JsonNode[], timeouts: JsonNode[]): void {
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const json = stack.pop() as JsonNode;
    if (json.type === 'string') {
      strings.push(json);
      continue;
    }
    const children = json.children;
    if (!children) continue;
    if (json.type === 'property') {
      const value = children[1];
      if (!value || skip.has(value)) continue;
      if (inTrees && children[0]?.value === 'timeoutDuration') timeouts.push(value);
      stack.push(value);
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as JsonNode;
      if (!skip.has(child)) stack.push(child);
    }
  }
}

/** The model's expression sites of these strings (found by binary search: sites are in document order). */
function sitesOf(model: FlowModel, strings: readonly JsonNode[]): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const all = model.expressions;
  for (const json of strings) {
    if (!(json.value as string).includes('${')) continue;
    const site = all[firstSiteAtOrAfter(all, json.offset)];
    if (site?.json === json) sites.push(site);
  }
  return sites;
}
