import { visit, type Node as JsonNode, type NodeType, type ParseError, type ParseOptions } from 'jsonc-parser';

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

/**
 * jsonc-parser's parseTree, building relative nodes directly (converting its
 * tree afterwards made and dropped 136,000 objects on opening a large flow).
 * The same visitor callbacks, the same recovery: the result equals
 * `relativeTree(parseTree(text, errors, options))` (test/document/relativeTree.test.ts).
 */
export function parseRelativeTree(text: string, errors: ParseError[], options: ParseOptions): RelativeNode | undefined {
  // An artificial root holding the document's value, at offset 0 so that the value's relative offset is its offset.
  const top = new RelativeNode('array', 0, -1, undefined);
  top.children = [];
  let current = top;
  /** current.offset, kept here rather than walked up to for every value. */
  let currentOffset = 0;
  const add = (type: NodeType, offset: number, length: number, value: unknown, container: boolean): RelativeNode => {
    const node = new RelativeNode(type, offset - currentOffset, length, value);
    node.parent = current;
    if (container) node.children = [];
    (current.children as RelativeNode[]).push(node);
    return node;
  };
  const enter = (node: RelativeNode, offset: number): void => {
    current = node;
    currentOffset = offset;
  };
  const leave = (): void => {
    currentOffset -= current.relative;
    current = current.parent as RelativeNode;
  };
  const completeProperty = (end: number): void => {
    if (current.type === 'property') {
      current.length = end - currentOffset;
      leave();
    }
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        enter(add('object', offset, -1, undefined, true), offset);
      },
      onObjectProperty: (name, offset, length) => {
        enter(add('property', offset, -1, undefined, true), offset);
        add('string', offset, length, name, false);
      },
      onObjectEnd: (offset, length) => {
        completeProperty(offset + length);
        current.length = offset + length - currentOffset;
        leave();
        completeProperty(offset + length);
      },
      onArrayBegin: (offset) => {
        enter(add('array', offset, -1, undefined, true), offset);
      },
      onArrayEnd: (offset, length) => {
        current.length = offset + length - currentOffset;
        leave();
        completeProperty(offset + length);
      },
      onLiteralValue: (value: unknown, offset, length) => {
        add(literalType(value), offset, length, value, false);
        completeProperty(offset + length);
      },
      onSeparator: (separator, offset) => {
        if (current.type !== 'property') return;
        if (separator === ':') current.colonRelative = offset - currentOffset;
        else if (separator === ',') completeProperty(offset);
      },
      onError: (error, offset, length) => {
        errors.push({ error, offset, length });
      },
    },
    options,
  );
  const result = top.children[0];
  if (result) result.parent = undefined;
  return result;
}

function literalType(value: unknown): NodeType {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return value === null ? 'null' : Array.isArray(value) ? 'array' : 'object';
  }
}
