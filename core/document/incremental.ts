import { createScanner, parseTree, ScanError, SyntaxKind, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Expression, ParsedTemplate } from '../expressions/ast';
import type { ExpressionSite, FlowModel, FlowNode } from './model';
import { nodeAtOffset } from './order';
import { buildFlowModel, collectExpressions, collectFlowNodes, collectTopLevel, emptyModel, findExcessiveNesting, JSON_PARSE_OPTIONS, MAX_JSON_DEPTH, parseFlow } from './parse';
import { RelativeNode, relativeTree } from './relativeTree';
import { detached, LineIndex, type Span } from '../text/positions';

/**
 * Incremental reparsing. An editor sends one small change per keystroke; parsing
 * a 2.5 MB flow from scratch takes longer than the latency budget, so the
 * smallest JSON value that encloses the change is reparsed on its own and the
 * rest of the tree is kept, its offsets shifted. The result equals
 * `parseFlow(text)` (test/core/incremental.test.ts checks it on random edits);
 * whenever a shortcut would not be exact (syntax errors, a change that crosses
 * value boundaries, excessive nesting) it falls back to parsing everything.
 */

/** One replacement in the previous text: [start, end) becomes `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** Block sizes for finding the common prefix and suffix: big steps first, then smaller ones near the change. */
const BLOCKS = [65536, 4096, 256, 16];


/** The single change that turns `before` into `after` (their common prefix and suffix are kept); undefined when equal. */
export function diffText(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  // Native string equality on slices is far faster than a loop over characters.
  let prefix = 0;
  for (const block of BLOCKS) {
    while (prefix + block <= max && before.slice(prefix, prefix + block) === after.slice(prefix, prefix + block)) prefix += block;
  }
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const room = max - prefix;
  let suffix = 0;
  for (const block of BLOCKS) {
    while (suffix + block <= room && before.slice(before.length - suffix - block, before.length - suffix) === after.slice(after.length - suffix - block, after.length - suffix)) suffix += block;
  }
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

/**
 * How the last update was made, for tests and benchmarks: `string` and
 * `subtree` reparsed that much JSON; `node` rebuilt one flow node's subtree
 * of the model, `top-level` none, `model` the whole model from the kept tree.
 */
export type UpdateKind = 'unchanged' | 'full' | `${'string' | 'subtree'}+${'node' | 'top-level' | 'model'}`;

export interface UpdateResult {
  model: FlowModel;
  kind: UpdateKind;
}

/** The update that last changed each JSON value's insides, by a number no other update uses. */
const changeStamps = new WeakMap<JsonNode, number>();
let lastStamp = 0;

/**
 * A number that changes whenever an incremental update changes the text of
 * `value` (it reparsed something inside it, or `value` itself). Updates keep
 * the values they did not reparse, so a result derived from a value's text can
 * be kept with the stamp it was made at and reused while the stamp is the
 * same, without reading that text again. A value a full parse made is new and
 * has stamp 0; no result is known for it yet.
 */
export function contentStamp(value: JsonNode): number {
  return changeStamps.get(value) ?? 0;
}

function markChanged(values: JsonNode[]): void {
  const stamp = ++lastStamp;
  for (const value of values) changeStamps.set(value, stamp);
}

/** Root properties whose values hold the node trees: a change there may restructure them. */
const TREE_KEYS = new Set(['spec', 'teardownSpec']);

/**
 * The model of `text`, derived from `previous` (the model of the text before
 * `change`). Takes ownership of `previous`: its JSON tree and flow nodes are
 * updated in place and become part of the result, so `previous` must not be
 * used afterwards.
 */
export function updateFlow(previous: FlowModel, text: string, change: TextChange | undefined = diffText(previous.text, text)): UpdateResult {
  if (change === undefined) return { model: previous, kind: 'unchanged' };
  const root = previous.root;
  // Trees of parseFlow have relative positions; a tree from elsewhere is not edited in place.
  if (!(root instanceof RelativeNode) || previous.syntaxIssues.length > 0) return { model: parseFlow(text), kind: 'full' };
  const found = reparseTarget(root, text, change);
  if (!found) return { model: parseFlow(text), kind: 'full' };
  const { target, ancestors, replacement } = found;
  const delta = change.text.length - (change.end - change.start);
  const targetStart = target.offset;
  const targetEnd = target.offset + target.length;
  // Where the change sits in the model, decided before anything moves.
  const owner = nodeAtOffset(previous, targetStart);
  const topLevel = owner === undefined && isInsideTopLevelValue(ancestors, target);
  const region = owner ? { ...owner.span } : { start: targetStart, end: targetEnd };

  // Templates of unchanged strings are kept (parsing expressions is a costly part of building a
  // model); those after the change move with it. Sites are in document order: binary searches
  // find the ones around the target and the rebuilt region, so the work stays near the edit.
  const sites = previous.expressions;
  const insideTarget = firstSiteAtOrAfter(sites, targetStart);
  const afterTarget = firstSiteAtOrAfter(sites, targetEnd);
  for (let i = afterTarget; i < sites.length; i++) shiftTemplate((sites[i] as ExpressionSite).template, delta);
  const rebuildsModel = owner === undefined && !topLevel;
  // Sites around the rebuilt region keep their objects; classified before offsets move.
  const regionFirst = rebuildsModel ? 0 : firstSiteAtOrAfter(sites, region.start);
  const regionEnd = rebuildsModel ? sites.length : firstSiteAtOrAfter(sites, region.end);
  const reused = new Map<JsonNode, ParsedTemplate>();
  for (let i = regionFirst; i < regionEnd; i++) {
    if (i >= insideTarget && i < afterTarget) continue;
    const site = sites[i] as ExpressionSite;
    reused.set(site.json, site.template);
  }

  // Every node of a tree with relative positions is one of them.
  replaceInTree(target as RelativeNode, ancestors as RelativeNode[], replacement, change.end, delta);
  markChanged([...ancestors, target]);
  const lines = LineIndex.afterChange(previous.lines, text, change.start, change.end, change.text.length);
  const reparsed = target.type === 'string' ? 'string' : 'subtree';
  if (rebuildsModel) {
    return { model: buildFlowModel(text, root, [], { lines, reuseTemplate: (json) => reused.get(json) }), kind: `${reparsed}+model` };
  }
  const model = emptyModel(text, lines);
  model.root = root;
  model.rootNode = previous.rootNode;
  model.teardownRootNode = previous.teardownRootNode;
  const rebuilt = owner ? rebuildNode(model, previous.nodes, owner) : { nodes: previous.nodes, first: 0, count: 0, removed: [] };
  model.nodes = rebuilt.nodes;
  // Typing that changes no ref (most of it) keeps the index of nodes by ref, its order included; only the rebuilt nodes are put in.
  const sameRefs = rebuilt.removed.length === rebuilt.count && rebuilt.removed.every((old, i) => old.ref === (model.nodes[rebuilt.first + i] as FlowNode).ref);
  if (sameRefs) {
    model.nodesByRef = previous.nodesByRef;
    rebuilt.removed.forEach((old, i) => {
      if (old.ref === undefined) return;
      const same = model.nodesByRef.get(old.ref) as FlowNode[];
      same[same.indexOf(old)] = model.nodes[rebuilt.first + i] as FlowNode;
    });
  }
  const moved = (offset: number): number => (offset >= targetEnd ? offset + delta : offset);
  const shift = (span: Span | undefined): void => {
    if (!span) return;
    span.start = moved(span.start);
    span.end = moved(span.end);
  };
  model.nodes.forEach((node, i) => {
    if (i < rebuilt.first || i >= rebuilt.first + rebuilt.count) {
      shift(node.span);
      shift(node.refSpan);
      shift(node.kindSpan);
    }
    if (!sameRefs && node.ref !== undefined) {
      const same = model.nodesByRef.get(node.ref);
      if (same) same.push(node);
      else model.nodesByRef.set(node.ref, [node]);
    }
  });
  collectTopLevel(model, root);

  const inside: ExpressionSite[] = [];
  const scan = owner ? (model.nodes[owner.index] as FlowNode).json : target;
  const isKey = scan.parent?.type === 'property' && scan.parent.children?.[0] === scan;
  if (!isKey) collectExpressions({ text, nodes: model.nodes.slice(rebuilt.first, rebuilt.first + rebuilt.count), expressions: inside }, scan, (json) => reused.get(json));
  // The previous model is ours: its list takes the new sites in place rather than being copied.
  replaceRange(sites, regionFirst, regionEnd, inside);
  model.expressions = sites;
  return { model, kind: `${reparsed}+${owner ? 'node' : 'top-level'}` };
}

/** True when the target lies inside the value of a root property other than `spec` and `teardownSpec`. */
function isInsideTopLevelValue(ancestors: JsonNode[], target: JsonNode): boolean {
  const property = ancestors[1];
  if (property?.type !== 'property') return false;
  const key = property.children?.[0];
  return key !== undefined && key !== target && !TREE_KEYS.has(key.value as string);
}

/**
 * Puts the reparsed target into the tree and moves everything after the
 * change: positions are relative (relativeTree.ts), so only the ancestors'
 * lengths and colons, and the later siblings along the path, change.
 */
function replaceInTree(target: RelativeNode, ancestors: RelativeNode[], replacement: Target['replacement'], changeEnd: number, delta: number): void {
  if (target.type === 'string') {
    target.value = replacement.value as string;
  } else {
    // The replacement was parsed from the target's text alone: its offsets are already relative to the target.
    const children = (replacement.children ?? []).map((child) => relativeTree(child, 0));
    for (const child of children) child.parent = target;
    target.children = children;
  }
  target.length = replacement.length;
  for (let i = 0; i < ancestors.length; i++) {
    const ancestor = ancestors[i] as RelativeNode;
    ancestor.length += delta;
    // The colon of a property whose key is being edited comes after the change.
    if (ancestor.colonRelative !== undefined && ancestor.offset + ancestor.colonRelative >= changeEnd) ancestor.colonRelative += delta;
    const onPath = ancestors[i + 1] ?? target;
    const children = ancestor.children ?? [];
    // Children are in document order: those after the one on the path are the ones after the change.
    for (let c = children.indexOf(onPath) + 1; c < children.length; c++) (children[c] as RelativeNode).relative += delta;
  }
}

/**
 * Rebuilds the subtree of flow node `old` from its (updated) JSON and splices
 * it into the node list in place of the old one; indices after it move.
 */
function rebuildNode(model: FlowModel, nodes: FlowNode[], old: FlowNode): { nodes: FlowNode[]; first: number; count: number; removed: FlowNode[] } {
  const fresh: Pick<FlowModel, 'nodes' | 'nodesByRef'> = { nodes: [], nodesByRef: new Map() };
  const node = collectFlowNodes(fresh, old.json, old.tree, old.path, old.parent, old.stepIndex) as FlowNode;
  for (const n of fresh.nodes) {
    n.index += old.index;
    n.lastDescendant += old.index;
  }
  const removed = old.lastDescendant - old.index + 1;
  const growth = fresh.nodes.length - removed;
  if (old.parent) old.parent.children[old.parent.children.indexOf(old)] = node;
  else if (model.rootNode === old) model.rootNode = node;
  else model.teardownRootNode = node;
  for (let ancestor = old.parent; ancestor; ancestor = ancestor.parent) ancestor.lastDescendant += growth;
  const removedNodes = nodes.slice(old.index, old.lastDescendant + 1);
  // The previous model's list is ours: changed in place, not copied (a copy per keystroke is garbage to collect).
  replaceRange(nodes, old.index, old.lastDescendant + 1, fresh.nodes);
  const result = nodes;
  if (growth !== 0) {
    for (let i = old.index + fresh.nodes.length; i < result.length; i++) {
      const later = result[i] as FlowNode;
      later.index += growth;
      later.lastDescendant += growth;
    }
  }
  return { nodes: result, first: old.index, count: fresh.nodes.length, removed: removedNodes };
}

/** Replaces list[start, end) with `items`, in place (not by spreading a long list into arguments). */
function replaceRange<T>(list: T[], start: number, end: number, items: readonly T[]): void {
  if (items.length <= 1024) {
    list.splice(start, end - start, ...items);
    return;
  }
  const after = list.slice(end);
  list.length = start;
  for (const item of items) list.push(item);
  for (const item of after) list.push(item);
}

/** Index of the first site whose string starts at or after `offset` (sites are in document order). */
export function firstSiteAtOrAfter(sites: readonly ExpressionSite[], offset: number): number {
  let low = 0;
  let high = sites.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sites[mid] as ExpressionSite).json.offset < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many enclosing values are tried before parsing everything: a change at a value's edge often belongs to its parent. */
const MAX_ATTEMPTS = 4;

interface Target {
  target: JsonNode;
  ancestors: JsonNode[];
  replacement: { value?: unknown; length: number; children?: JsonNode[] | undefined };
}

/**
 * The innermost string, object or array whose delimiters enclose the change
 * without being touched by it and whose new text parses cleanly on its own,
 * with that new text parsed.
 */
function reparseTarget(root: JsonNode, text: string, change: TextChange): Target | undefined {
  const { start, end } = change;
  if (!strictlyInside(root, start, end) || (root.type !== 'object' && root.type !== 'array')) return undefined;
  const path: JsonNode[] = [root];
  const candidates = [0];
  let node = root;
  for (;;) {
    const child = childContaining(node, start, end);
    if (!child) break;
    path.push(child);
    node = child;
    if (child.type === 'property') continue;
    if ((child.type === 'object' || child.type === 'array' || child.type === 'string') && strictlyInside(child, start, end)) {
      candidates.push(path.length - 1);
      if (child.type === 'string') break;
      continue;
    }
    break;
  }
  const delta = change.text.length - (end - start);
  for (let attempt = 0; attempt < MAX_ATTEMPTS && candidates.length > 0; attempt++) {
    const index = candidates.pop() as number;
    const target = path[index] as JsonNode;
    const ancestors = path.slice(0, index);
    const regionText = detached(text.slice(target.offset, target.offset + target.length + delta));
    const replacement = target.type === 'string' ? reparseString(regionText) : reparseContainer(regionText, target.type, MAX_JSON_DEPTH - depthOf(ancestors));
    if (replacement) return { target, ancestors, replacement };
  }
  return undefined;
}

function strictlyInside(node: JsonNode, start: number, end: number): boolean {
  return start > node.offset && end < node.offset + node.length;
}

/** The child whose range contains [start, end], by binary search (children are in document order). */
function childContaining(node: JsonNode, start: number, end: number): JsonNode | undefined {
  const children = node.children;
  if (!children) return undefined;
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const child = children[mid] as JsonNode;
    if (child.offset > start) high = mid - 1;
    else if (child.offset + child.length < start) low = mid + 1;
    else return end <= child.offset + child.length ? child : undefined;
  }
  return undefined;
}

/** Containers (objects, arrays) among the ancestors: the nesting level of the target's opening bracket, less one. */
function depthOf(ancestors: JsonNode[]): number {
  return ancestors.filter((node) => node.type === 'object' || node.type === 'array').length;
}

/** A string literal that is exactly `regionText` and scans cleanly. */
function reparseString(regionText: string): { value: string; length: number; children?: undefined } | undefined {
  const scanner = createScanner(regionText, false);
  if (scanner.scan() !== SyntaxKind.StringLiteral || scanner.getTokenError() !== ScanError.None) return undefined;
  if (scanner.getPosition() !== regionText.length) return undefined;
  return { value: scanner.getTokenValue(), length: regionText.length };
}

/** An object or array that is exactly `regionText`, parses without error and nests no deeper than `depthLimit`. */
function reparseContainer(regionText: string, type: JsonNode['type'], depthLimit: number): JsonNode | undefined {
  if (findExcessiveNesting(regionText, depthLimit) !== undefined) return undefined;
  const errors: ParseError[] = [];
  const node = parseTree(regionText, errors, JSON_PARSE_OPTIONS);
  if (errors.length > 0 || node?.type !== type || node.offset !== 0 || node.length !== regionText.length) return undefined;
  return node;
}

function shiftTemplate(template: ParsedTemplate, delta: number): void {
  // An error's span may be an argument's own span object (parser.ts): each object moves once.
  const errors = template.errors;
  for (const error of errors) shiftSpan(error.span, delta);
  for (const interpolation of template.interpolations) {
    shiftSpan(interpolation.span, delta);
    shiftSpan(interpolation.innerSpan, delta);
    if (interpolation.expression) shiftExpression(interpolation.expression, delta, errors);
  }
}

function shiftSpan(span: Span, delta: number): void {
  span.start += delta;
  span.end += delta;
}

/** Moves an expression and what it holds, skipping spans already moved as an error's. Recursion is bounded by the parser's nesting limit. */
function shiftExpression(expression: Expression, delta: number, errors: ParsedTemplate['errors']): void {
  if (errors.length === 0 || !errors.some((error) => error.span === expression.span)) shiftSpan(expression.span, delta);
  if (expression.type === 'path') for (const segment of expression.segments) shiftSpan(segment.span, delta);
  else if (expression.type === 'call') {
    shiftSpan(expression.nameSpan, delta);
    for (const arg of expression.args) shiftExpression(arg, delta, errors);
  }
}
