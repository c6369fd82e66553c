import type { Node as JsonNode, NodeType } from 'jsonc-parser';

/**
 * A jsonc-parser node whose position is kept relative to its parent. Readers
 * see the usual `offset` and `colonOffset` (document offsets, computed by
 * walking up the few ancestors); an edit moves everything after it by
 * changing the later siblings of the edited value's ancestors, a few hundred
 * numbers, instead of the offsets of every value that follows (a 5,000-node
 * flow has 136,000 of them, and shifting them all was most of an edit's cost).
 */
export class RelativeNode implements JsonNode {
  parent: RelativeNode | undefined = undefined;
  children: RelativeNode[] | undefined = undefined;
  /** Offset from the parent's offset; for the root, from the start of the document. */
  relative: number;
  /** For properties: where the colon is, from the property's own offset. */
  colonRelative: number | undefined = undefined;

  constructor(
    readonly type: NodeType,
    relative: number,
    public length: number,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonc-parser's own type for values
    public value: any,
  ) {
    this.relative = relative;
  }

  get offset(): number {
    let offset = this.relative;
    for (let ancestor = this.parent; ancestor !== undefined; ancestor = ancestor.parent) offset += ancestor.relative;
    return offset;
  }

  get colonOffset(): number | undefined {
    return this.colonRelative === undefined ? undefined : this.offset + this.colonRelative;
  }
}

/**
 * The tree of `root` (as jsonc-parser's parseTree makes it) with relative
 * positions; `base` is subtracted from the root's offset (the offset its
 * future parent will have, or 0 for a document's root).
 */
export function relativeTree(root: JsonNode, base = 0): RelativeNode {
  const top = new RelativeNode(root.type, root.offset - base, root.length, root.value);
  const pending: [JsonNode, RelativeNode][] = [[root, top]];
  while (pending.length > 0) {
    const [json, node] = pending.pop() as [JsonNode, RelativeNode];
    if (json.colonOffset !== undefined) node.colonRelative = json.colonOffset - json.offset;
    const children = json.children;
    if (children === undefined) continue;
    const converted: RelativeNode[] = new Array<RelativeNode>(children.length);
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as JsonNode;
      const relative = new RelativeNode(child.type, child.offset - json.offset, child.length, child.value);
      relative.parent = node;
      converted[i] = relative;
      pending.push([child, relative]);
    }
    node.children = converted;
  }
  return top;
}
