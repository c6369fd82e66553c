import type { Node as JsonNode } from 'jsonc-parser';
import type { FlowModel } from './model';

/**
 * Flat lists of the JSON values that validators scan across the whole
 * document, so that they need not walk the tree (a large flow has over a
 * hundred thousand values). Built once per model, when a whole-document
 * validation asks; the language server's validations after an edit read
 * only the changed nodes' values (core/validation/nodeFindings.ts), so
 * incremental updates do not carry the lists over.
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
