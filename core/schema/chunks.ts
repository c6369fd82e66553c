import type { Node as JsonNode } from 'jsonc-parser';
import type { FlowModel, FlowNode } from '../document/model';
import { contentStamp } from '../document/incremental';
import { propertyNode } from '../document/parse';
import type { Span } from '../text/positions';

/**
 * Schema work on pieces of the document. The JSON Schema pass over a whole
 * 2.5 MB flow costs hundreds of milliseconds, and one keystroke changes one
 * node. So the document is cut into chunks: the file without the steps of its
 * root workflows, and each step with its own steps cut out. Every node is
 * validated against `#/definitions/node` wherever it sits (that is what
 * `steps.items` says), so validating each chunk on its own gives what
 * validating the whole gives, and a chunk whose text did not change need not
 * be validated again. Completion and hover read the chunk at the cursor.
 */

/** Which schema a chunk is checked against: the whole file schema, or `#/definitions/node`. */
export type ChunkSchema = 'file' | 'node';

export interface SchemaChunk {
  schema: ChunkSchema;
  /** The part of the document the chunk covers: the whole document, or one step's object. */
  span: Span;
  /** Stretches of `span` left out (the insides of split `steps` arrays), in document order. */
  readonly holes: Span[];
  /** The node whose object the chunk is; undefined for the file chunk. */
  node: FlowNode | undefined;
  /** `span` with the holes cut out (cut on first read: a chunk whose findings are known needs no text). */
  readonly text: string;
}

/** False when duplicate keys on the way to a tree make "which value is validated" ambiguous: such trees stay whole. */
function splitsTrees(model: FlowModel): boolean {
  const root = model.root;
  const teardown = root === undefined ? undefined : propertyNode(root, 'teardownSpec');
  return root !== undefined && !hasDuplicateKey(root, 'spec') && !hasDuplicateKey(root, 'teardownSpec') && !(teardown && hasDuplicateKey(teardown, 'spec'));
}

/** splittable() depends only on the node's own text: kept per node value while its content stamp holds. */
const splittableByValue = new WeakMap<JsonNode, { stamp: number; splittable: boolean }>();

function splittable(node: FlowNode): boolean {
  const stamp = contentStamp(node.json);
  const known = splittableByValue.get(node.json);
  if (known?.stamp === stamp) return known.splittable;
  const result = computeSplittable(node);
  splittableByValue.set(node.json, { stamp, splittable: result });
  return result;
}

/** A node's steps can be cut out when they are all objects, reached without duplicate keys, none naming a `$schema`. */
function computeSplittable(node: FlowNode): boolean {
  if (node.children.length === 0 || hasDuplicateKey(node.json, 'spec')) return false;
  const spec = propertyNode(node.json, 'spec');
  if (spec === undefined || hasDuplicateKey(spec, 'steps')) return false;
  const steps = stepsArray(node);
  if (steps?.type !== 'array' || steps.children?.length !== node.children.length) return false;
  // A `$schema` key would make the JSON service pick that schema for the chunk.
  return node.children.every((child) => propertyNode(child.json, '$schema') === undefined);
}

function stepsArray(node: FlowNode): JsonNode | undefined {
  return propertyNode(propertyNode(node.json, 'spec'), 'steps');
}

function hasDuplicateKey(object: JsonNode, key: string): boolean {
  let seen = 0;
  for (const property of object.children ?? []) if (property.children?.[0]?.value === key) seen++;
  return seen > 1;
}

/** The inside of a node's steps array: what its chunk leaves out. */
function holeOf(node: FlowNode): Span {
  const steps = stepsArray(node) as JsonNode;
  return { start: steps.offset + 1, end: steps.offset + steps.length - 1 };
}

/**
 * A chunk whose holes and text are worked out when first read: after a
 * keystroke only the few chunks on the path to it need them, not thousands.
 */
class Chunk implements SchemaChunk {
  private cut: string | undefined;
  private found: Span[] | undefined;

  constructor(
    private readonly source: string,
    readonly schema: ChunkSchema,
    readonly span: Span,
    private readonly findHoles: () => Span[],
    readonly node: FlowNode | undefined,
  ) {}

  get holes(): Span[] {
    this.found ??= this.findHoles().sort((a, b) => a.start - b.start);
    return this.found;
  }

  get text(): string {
    if (this.cut === undefined) {
      let text = '';
      let at = this.span.start;
      for (const hole of this.holes) {
        text += this.source.slice(at, hole.start);
        at = hole.end;
      }
      this.cut = text + this.source.slice(at, this.span.end);
    }
    return this.cut;
  }
}

/**
 * Which nodes start a chunk of their own: the steps of a root workflow, and
 * of each such chunk's node, when they can be cut out. Asked of one node at a
 * time, by walking up its ancestors (a few levels), so that the schema pass
 * after an edit and the features at the cursor read only the nodes near it.
 */
export class ChunkPlanWalk {
  private readonly splitsKnown = new Map<FlowNode, boolean>();
  private readonly trees: boolean;

  constructor(private readonly model: FlowModel) {
    this.trees = splitsTrees(model);
  }

  /** Whether `node`'s steps are cut out of its chunk, each a chunk of its own. */
  splits(node: FlowNode): boolean {
    let known = this.splitsKnown.get(node);
    if (known === undefined) {
      known = this.trees && (node.parent === undefined || this.isChunkRoot(node)) && splittable(node);
      this.splitsKnown.set(node, known);
    }
    return known;
  }

  /** Whether `node` is cut out of its parent's chunk. */
  isChunkRoot(node: FlowNode): boolean {
    return node.parent !== undefined && this.splits(node.parent);
  }

  fileChunk(): SchemaChunk {
    const holes = (): Span[] => [this.model.rootNode, this.model.teardownRootNode].filter((n): n is FlowNode => n !== undefined && this.splits(n)).map(holeOf);
    return new Chunk(this.model.text, 'file', { start: 0, end: this.model.text.length }, holes, undefined);
  }

  /** The chunk of a node for which isChunkRoot holds. */
  nodeChunk(node: FlowNode): SchemaChunk {
    return new Chunk(this.model.text, 'node', node.span, () => (this.splits(node) ? [holeOf(node)] : []), node);
  }
}

/** Every chunk of the document: the file chunk first, then one per cut-out node in document order. */
export function schemaChunks(model: FlowModel): SchemaChunk[] {
  const walk = new ChunkPlanWalk(model);
  const chunks = [walk.fileChunk()];
  for (const node of model.nodes) if (walk.isChunkRoot(node)) chunks.push(walk.nodeChunk(node));
  return chunks;
}

/** The chunk holding what `node` (the innermost node at some offset, if any) holds: its nearest cut-out ancestor-or-self, or the file. */
export function chunkOf(model: FlowModel, node: FlowNode | undefined): SchemaChunk {
  const walk = new ChunkPlanWalk(model);
  let owner = node;
  while (owner !== undefined && !walk.isChunkRoot(owner)) owner = owner.parent;
  return owner === undefined ? walk.fileChunk() : walk.nodeChunk(owner);
}

/** Document offset of a chunk offset. An end offset right at a hole stays before it. */
export function toDocumentOffset(chunk: SchemaChunk, offset: number, isEnd = false): number {
  let result = chunk.span.start + offset;
  for (const hole of chunk.holes) {
    if (result > hole.start || (result === hole.start && !isEnd)) result += hole.end - hole.start;
    else break;
  }
  return result;
}

/** Chunk offset of a document offset; an offset inside a hole maps to where the hole was cut. */
export function toChunkOffset(chunk: SchemaChunk, offset: number): number {
  let removed = 0;
  for (const hole of chunk.holes) {
    if (offset >= hole.end) removed += hole.end - hole.start;
    else if (offset > hole.start) return hole.start - chunk.span.start - removed;
    else break;
  }
  return Math.max(0, Math.min(offset, chunk.span.end) - chunk.span.start - removed);
}
