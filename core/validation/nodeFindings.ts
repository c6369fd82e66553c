import type { Node as JsonNode } from 'jsonc-parser';
import { movedDiagnostics, type FlowDiagnostic } from './diagnostics';
import { contentStamp } from '../document/incremental';
import type { FlowModel, FlowNode } from '../document/model';
import { nodeRegion, topLevelRegion, type LocalValidator, type ValidationRegion } from './region';

/**
 * The findings of a node's subtree, with spans relative to the node's start,
 * as of one content stamp. Besides the node's JSON, node-local rules read only
 * its tree and whether it is a tree's root; those follow from the JSON
 * object's place, which no edit changes without reparsing the object (a node
 * path is spec(.spec.steps.N)* or teardownSpec.spec(.spec.steps.N)*: one
 * object cannot be a node at two of them, since renaming a key keeps the
 * path's length), so the object and its stamp are the whole key.
 */
interface KnownSubtree {
  stamp: number;
  findings: FlowDiagnostic[];
}

/**
 * Node-local findings (region.ts) of earlier validations of one document, by
 * flow node: a node whose JSON kept its content stamp (core/document/incremental.ts)
 * is not checked again, nor is anything inside it. After a keystroke only the
 * edited node and the workflows around it are read; the other subtrees'
 * findings are taken whole, moved to where their node now starts.
 */
export class NodeFindingsCache {
  /** By the flow node's JSON object (kept by incremental updates while its text is unchanged). */
  byValue = new WeakMap<JsonNode, KnownSubtree>();
  /** Nodes checked / subtrees reused by the last run, for benchmarks and tests. */
  lastRun = { checked: 0, reused: 0 };
}

/** Milliseconds of node checks between two pauses of a pausable validation. */
const PAUSE_EVERY_MS = 1;

/**
 * The findings of `validators` over the whole document (each validator's
 * `validate` gives the same, in another order), from `cache` where a node is
 * unchanged. Not sorted. Undefined when a rule threw: the caller then runs the
 * validators whole, which reports the failure as runCoreValidators does.
 */
export async function nodeLocalFindings(model: FlowModel, validators: readonly LocalValidator[], cache: NodeFindingsCache, pause?: () => Promise<void>): Promise<FlowDiagnostic[] | undefined> {
  const result = check(validators, topLevelRegion(model));
  if (!result) return undefined;
  const nodes = model.nodes;
  /** The nodes whose subtree is being checked, outermost first, with their findings so far (relative to their start). */
  const open: { node: FlowNode; known: KnownSubtree }[] = [];
  /** Ends the open nodes that `next` is not inside: their subtrees are complete, kept, and added to their parent's. */
  const close = (next: number): void => {
    for (let top = open[open.length - 1]; top && top.node.lastDescendant < next; top = open[open.length - 1]) {
      open.pop();
      cache.byValue.set(top.node.json, top.known);
      const parent = open[open.length - 1];
      if (parent) movedDiagnostics(parent.known.findings, top.known.findings, top.node.span.start - parent.node.span.start);
    }
  };
  let checked = 0;
  let reused = 0;
  let lastPause = performance.now();
  for (let i = 0; i < nodes.length; ) {
    close(i);
    const node = nodes[i] as FlowNode;
    const start = node.span.start;
    const stamp = contentStamp(node.json);
    const known = cache.byValue.get(node.json);
    const parent = open[open.length - 1];
    if (known && known.stamp === stamp) {
      movedDiagnostics(result, known.findings, start);
      if (parent) movedDiagnostics(parent.known.findings, known.findings, start - parent.node.span.start);
      reused++;
      i = node.lastDescendant + 1;
      continue;
    }
    const own = check(validators, nodeRegion(model, node));
    if (!own) return undefined;
    result.push(...own);
    const relative: FlowDiagnostic[] = [];
    movedDiagnostics(relative, own, -start);
    open.push({ node, known: { stamp, findings: relative } });
    checked++;
    i++;
    if (pause && performance.now() - lastPause >= PAUSE_EVERY_MS) {
      await pause();
      lastPause = performance.now();
    }
  }
  close(Infinity);
  cache.lastRun = { checked, reused };
  return result;
}

/** True when `cache` holds findings of a node tree of `model` (at some stamp): a model parsed afresh has none. */
export function knowsNodesOf(model: FlowModel, cache: NodeFindingsCache): boolean {
  return [model.rootNode, model.teardownRootNode].some((root) => root !== undefined && cache.byValue.has(root.json));
}

const NONE: FlowDiagnostic[] = [];

/**
 * Keeps in `cache` the node-local findings of the whole document that
 * `findings` are (what the validators gave on `model`), each with the node
 * whose own values it flags: the innermost node holding its start.
 */
export function rememberNodeFindings(model: FlowModel, findings: readonly FlowDiagnostic[], cache: NodeFindingsCache): void {
  const nodes = model.nodes;
  const own: (FlowDiagnostic[] | undefined)[] = new Array<FlowDiagnostic[] | undefined>(nodes.length);
  for (const d of findings) {
    const owner = innermostNodeAt(model, d.span.start);
    if (owner) (own[owner.index] ??= []).push(d);
  }
  // Children come after their parent in pre-order: going backwards, a node's children are complete before it.
  const subtrees: FlowDiagnostic[][] = new Array<FlowDiagnostic[]>(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as FlowNode;
    const start = node.span.start;
    let list = NONE;
    const mine = own[i];
    if (mine) movedDiagnostics((list = []), mine, -start);
    for (const child of node.children) {
      const inside = subtrees[child.index] as FlowDiagnostic[];
      if (inside.length > 0) movedDiagnostics(list === NONE ? (list = []) : list, inside, child.span.start - start);
    }
    subtrees[i] = list;
    cache.byValue.set(node.json, { stamp: contentStamp(node.json), findings: list });
  }
  cache.lastRun = { checked: nodes.length, reused: 0 };
}

/** The innermost flow node whose span holds `offset` (nodes are in pre-order: by start within each tree). */
function innermostNodeAt(model: FlowModel, offset: number): FlowNode | undefined {
  for (const root of [model.rootNode, model.teardownRootNode]) {
    if (!root || offset < root.span.start || offset >= root.span.end) continue;
    let low = root.index;
    let high = root.lastDescendant;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((model.nodes[mid] as FlowNode).span.start <= offset) low = mid;
      else high = mid - 1;
    }
    for (let node: FlowNode | undefined = model.nodes[low]; node; node = node.parent) if (offset < node.span.end) return node;
  }
  return undefined;
}

function check(validators: readonly LocalValidator[], region: ValidationRegion): FlowDiagnostic[] | undefined {
  const result: FlowDiagnostic[] = [];
  try {
    for (const validator of validators) result.push(...validator.validateRegion(region));
  } catch {
    return undefined;
  }
  return result;
}
