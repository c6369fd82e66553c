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

/**
 * The tree of a document that is plain JSON (RFC 8259: no comments, no
 * trailing commas, only space, tab and line breaks between tokens) nesting at
 * most `maxDepth` levels, as parseRelativeTree would build it, in about a
 * third of its time and without its depth pre-scan (a 2.5 MB flow is parsed
 * when the graph preview opens). Undefined as soon as anything is not plain
 * JSON or nests deeper, so that jsonc-parser handles it (and reports it).
 */
export function parseStrictJson(text: string, maxDepth: number): RelativeNode | undefined {
  let i = 0;
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  /** A string at `i` (its opening quote): its value, or undefined when it is not plain JSON. */
  const string = (): string | undefined => {
    const start = i;
    let j = i + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j += 2;
      } else if (c < 32 || c !== c) return undefined; // a control character, or the end of the text (NaN)
      else j++;
    }
    i = j + 1;
    if (!escaped) return text.slice(start + 1, j);
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return undefined;
    }
  };
  const digits = (): number => {
    const start = i;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i));
    return i - start;
  };
  const number = (): number | undefined => {
    const start = i;
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (digits() === 0) return undefined;
    if (text.charCodeAt(i) === 46) {
      i++;
      if (digits() === 0) return undefined;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (digits() === 0) return undefined;
    }
    return Number(text.slice(start, i));
  };
  const literal = (word: string, value: unknown, parent: RelativeNode | undefined, parentOffset: number): RelativeNode | undefined => {
    if (!text.startsWith(word, i)) return undefined;
    const node = new RelativeNode(value === null ? 'null' : 'boolean', i - parentOffset, word.length, value);
    node.parent = parent;
    i += word.length;
    return node;
  };
  const value = (parent: RelativeNode | undefined, parentOffset: number, depth: number): RelativeNode | undefined => {
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (depth >= maxDepth) return undefined;
      const node = new RelativeNode(c === 123 ? 'object' : 'array', start - parentOffset, -1, undefined);
      node.parent = parent;
      const children: RelativeNode[] = [];
      node.children = children;
      const close = c === 123 ? 125 : 93;
      i++;
      skipSpace();
      if (text.charCodeAt(i) !== close) {
        for (;;) {
          if (c === 123) {
            const keyStart = i;
            if (text.charCodeAt(i) !== 34) return undefined;
            const key = string();
            if (key === undefined) return undefined;
            const property = new RelativeNode('property', keyStart - start, -1, undefined);
            property.parent = node;
            const keyNode = new RelativeNode('string', 0, i - keyStart, key);
            keyNode.parent = property;
            skipSpace();
            if (text.charCodeAt(i) !== 58) return undefined;
            property.colonRelative = i - keyStart;
            i++;
            skipSpace();
            const child = value(property, keyStart, depth + 1);
            if (child === undefined) return undefined;
            property.children = [keyNode, child];
            property.length = i - keyStart;
            children.push(property);
          } else {
            const child = value(node, start, depth + 1);
            if (child === undefined) return undefined;
            children.push(child);
          }
          skipSpace();
          const next = text.charCodeAt(i);
          if (next === close) break;
          if (next !== 44) return undefined;
          i++;
          skipSpace();
        }
      }
      i++;
      node.length = i - start;
      return node;
    }
    if (c === 34) {
      const parsed = string();
      if (parsed === undefined) return undefined;
      const node = new RelativeNode('string', start - parentOffset, i - start, parsed);
      node.parent = parent;
      return node;
    }
    if (c === 116) return literal('true', true, parent, parentOffset);
    if (c === 102) return literal('false', false, parent, parentOffset);
    if (c === 110) return literal('null', null, parent, parentOffset);
    const parsed = number();
    if (parsed === undefined) return undefined;
    const node = new RelativeNode('number', start - parentOffset, i - start, parsed);
    node.parent = parent;
    return node;
  };
  skipSpace();
  const root = value(undefined, 0, 0);
  skipSpace();
  return root !== undefined && i === text.length ? root : undefined;
}
