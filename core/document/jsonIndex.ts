import type { Node as JsonNode } from 'jsonc-parser';
import type { FlowModel } from './model';
import type { Span } from '../text/positions';

/**
 * Flat lists of the JSON values that validators scan across the whole
 * document, so that they need not walk the tree (a large flow has over a
 * hundred thousand values). Built once per model; an incremental update
 * (core/incremental.ts) carries the unchanged part over and scans only what
 * it reparsed.
 */
export interface JsonIndex {
  /** Every string value (property keys excluded), in document order. */
  strings: JsonNode[];
  /** The values of `timeoutDuration` properties inside the node trees (`spec`, `teardownSpec`), in document order. */
  timeouts: JsonNode[];
}

const indexes = new WeakMap<FlowModel, JsonIndex>();

export function jsonIndex(model: FlowModel): JsonIndex {
  let index = indexes.get(model);
  if (!index) {
    index = { strings: [], timeouts: [] };
    if (model.root) {
      const trees = new Set([model.rootNode?.json, model.teardownRootNode?.json].filter((j): j is JsonNode => j !== undefined));
      scan(model.root, false, trees, index);
    }
    indexes.set(model, index);
  }
  return index;
}

/** Appends what `root`'s subtree holds to `index`, in document order. */
function scan(root: JsonNode, rootInTrees: boolean, trees: ReadonlySet<JsonNode>, index: JsonIndex): void {
  const nodes: JsonNode[] = [root];
  const inTrees: boolean[] = [rootInTrees];
  while (nodes.length > 0) {
    const json = nodes.pop() as JsonNode;
    const inside = (inTrees.pop() as boolean) || trees.has(json);
    if (json.type === 'string') {
      index.strings.push(json);
      continue;
    }
    const children = json.children;
    if (!children) continue;
    if (json.type === 'property') {
      const value = children[1];
      if (!value) continue;
      if (inside && children[0]?.value === 'timeoutDuration') index.timeouts.push(value);
      nodes.push(value);
      inTrees.push(inside);
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) {
      nodes.push(children[i] as JsonNode);
      inTrees.push(inside);
    }
  }
}

/** The index of `previous` around a region about to be reparsed; read before any offset moves. */
export interface IndexParts {
  before: JsonIndex;
  after: JsonIndex;
}

export function splitJsonIndex(previous: FlowModel, region: Span): IndexParts | undefined {
  const index = indexes.get(previous);
  if (!index) return undefined;
  // The lists are in document order: two binary searches split each.
  const split = (list: JsonNode[]): [JsonNode[], JsonNode[]] => [list.slice(0, firstAtOrAfter(list, region.start)), list.slice(firstAtOrAfter(list, region.end))];
  const [stringsBefore, stringsAfter] = split(index.strings);
  const [timeoutsBefore, timeoutsAfter] = split(index.timeouts);
  return { before: { strings: stringsBefore, timeouts: timeoutsBefore }, after: { strings: stringsAfter, timeouts: timeoutsAfter } };
}

/** Index of the first node at or after `offset` in a list in document order. */
export function firstAtOrAfter<T extends { offset: number }>(list: readonly T[], offset: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((list[mid] as T).offset < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Gives `next` the index of the parts kept and of `scanRoot`, the reparsed region (inside the node trees or not). */
export function joinJsonIndex(next: FlowModel, parts: IndexParts, scanRoot: JsonNode | undefined, inTrees: boolean): void {
  const inside: JsonIndex = { strings: [], timeouts: [] };
  if (scanRoot) scan(scanRoot, inTrees, new Set(), inside);
  indexes.set(next, {
    strings: [...parts.before.strings, ...inside.strings, ...parts.after.strings],
    timeouts: [...parts.before.timeouts, ...inside.timeouts, ...parts.after.timeouts],
  });
}
