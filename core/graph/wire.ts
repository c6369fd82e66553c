/**
 * A flow graph as it travels between processes (language server -> extension
 * -> preview page): compact JSON text, which every hop passes on as one string.
 * The language server already holds the parsed model of an open flow, so the
 * preview's first picture can be drawn from its graph without the page
 * parsing megabytes of text first.
 *
 * Why compact: every byte is paid four times (the server writes it, the
 * transport copies it, the extension and the page read it), and the plain
 * objects of a 5,000-node graph are 4.3 MB, more than the flow's own text.
 * Nodes are tuples; words that repeat (types, kinds, icons, tones, kind
 * titles, workflow types, notes) are sent once in `strings` and referred to by
 * index; nodes refer to each other by index; what the receiver can rebuild is
 * not sent (`byId`, children, edge ids, ids that follow from the path). About
 * 1 MB for the same graph.
 */
import type { Range } from '../text/positions';
import { edgeId, nodeIdForPath } from './build';
import type { FlowGraph, GraphEdge, GraphEdgeType, GraphNode, GraphNodeType, GraphSection, Tone } from './types';
import type { IconId } from './icons';
import type { JsonPath, WorkflowType } from '../document/model';

/** Version of the format: a page never misreads a graph from another build. */
const FORMAT = 1;

type WireRange = [startLine: number, startCharacter: number, endLine: number, endCharacter: number];

type WireNode = [
  /** null when it is the id of the node's path (flow nodes). */
  id: string | null,
  type: number,
  kind: number | null,
  icon: number,
  tone: number,
  ref: string | null,
  label: string,
  summary: string,
  kindTitle: number,
  notes: number[],
  /** Index of the parent node. */
  parent: number | null,
  workflowType: number | null,
  path: JsonPath | null,
  span: [start: number, end: number],
  range: WireRange,
  selectionRange: WireRange,
  errors: string[],
  warnings: string[],
  skipWhen: string | null,
];

/** type (a string index), from and to (node indexes), and the label of a data edge. */
type WireEdge = [type: number, from: number, to: number, label?: string];

type WireSection = [title: string, entries: number[], root: number | null];

interface WireGraph {
  format: typeof FORMAT;
  strings: string[];
  nodes: WireNode[];
  edges: WireEdge[];
  sections: WireSection[];
  otherErrors: string[];
  otherWarnings: string[];
  /** Whether `edges` has the `${refs}` data edges (built only when asked for). */
  dataEdges: boolean;
}

const wireRange = (range: Range): WireRange => [range.start.line, range.start.character, range.end.line, range.end.character];

/** The JSON text of a graph, as `releaseFlow/graph` answers and the `update` message carries it. */
export function encodeGraph(graph: FlowGraph, dataEdges: boolean): string {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const word = (value: string): number => {
    let index = stringIndex.get(value);
    if (index === undefined) stringIndex.set(value, (index = strings.push(value) - 1));
    return index;
  };
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((node, i) => nodeIndex.set(node.id, i));
  const indexOf = (id: string): number => {
    const index = nodeIndex.get(id);
    if (index === undefined) throw new Error(`The graph refers to a node it does not have: ${id}.`);
    return index;
  };
  const nodes = graph.nodes.map((node): WireNode => [
    node.path !== undefined && node.id === nodeIdForPath(node.path.join('.')) ? null : node.id,
    word(node.type),
    node.kind === undefined ? null : word(node.kind),
    word(node.icon),
    word(node.tone),
    node.ref ?? null,
    node.label,
    node.summary,
    word(node.kindTitle),
    node.notes.map(word),
    node.parent === undefined ? null : indexOf(node.parent),
    node.workflowType === undefined ? null : word(node.workflowType),
    node.path ?? null,
    [node.span.start, node.span.end],
    wireRange(node.range),
    wireRange(node.selectionRange),
    node.errors,
    node.warnings,
    node.skipWhen ?? null,
  ]);
  const wire: WireGraph = {
    format: FORMAT,
    strings,
    nodes,
    edges: graph.edges.map((edge): WireEdge => {
      const tuple: WireEdge = [word(edge.type), indexOf(edge.from), indexOf(edge.to)];
      if (edge.label !== undefined) tuple.push(edge.label);
      return tuple;
    }),
    sections: graph.sections.map((section): WireSection => [section.title, section.entries.map(indexOf), section.root === undefined ? null : indexOf(section.root)]),
    otherErrors: graph.otherErrors,
    otherWarnings: graph.otherWarnings,
    dataEdges,
  };
  return JSON.stringify(wire);
}

const NODE_TYPES: ReadonlySet<string> = new Set<GraphNodeType>(['step', 'workflow', 'trigger', 'webhook', 'teardown']);
const EDGE_TYPES: ReadonlySet<string> = new Set<GraphEdgeType>(['next', 'fork', 'join', 'entry', 'data']);
const WORKFLOW_TYPES: ReadonlySet<string> = new Set<string>(['sequential', 'parallel']);

/** Thrown inside decodeGraph at the first part out of shape: the whole graph is refused. */
class Malformed extends Error {}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Malformed(what);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function range(value: unknown): Range {
  check(Array.isArray(value) && value.length === 4 && isCount(value[0]) && isCount(value[1]) && isCount(value[2]) && isCount(value[3]), 'range');
  return { start: { line: value[0], character: value[1] }, end: { line: value[2], character: value[3] } };
}

/**
 * The graph of a JSON text made by encodeGraph, or undefined for anything
 * else (not JSON, another format, or any part out of shape, such as a
 * reference to a node that is not there): the page then parses the document
 * itself, and never draws half a graph.
 */
export function decodeGraph(json: unknown): { graph: FlowGraph; dataEdges: boolean } | undefined {
  if (typeof json !== 'string') return undefined;
  try {
    return decodeWire(JSON.parse(json) as unknown);
  } catch {
    // Not JSON, out of shape (Malformed), or anything else a hostile text could provoke: the page parses instead.
    return undefined;
  }
}

function decodeWire(wire: unknown): { graph: FlowGraph; dataEdges: boolean } {
  check(isObject(wire) && wire.format === FORMAT && typeof wire.dataEdges === 'boolean', 'format');
  const { strings, nodes: wireNodes, edges: wireEdges, sections: wireSections, otherErrors, otherWarnings } = wire;
  check(isStrings(strings) && Array.isArray(wireNodes) && Array.isArray(wireEdges) && Array.isArray(wireSections) && isStrings(otherErrors) && isStrings(otherWarnings), 'graph');
  const text = (value: unknown, allowed?: ReadonlySet<string>): string => {
    check(isCount(value) && value < strings.length, 'string index');
    const result = strings[value] as string;
    check(allowed === undefined || allowed.has(result), 'word');
    return result;
  };
  const count = wireNodes.length;
  const nodeAt = (value: unknown): number => {
    check(isCount(value) && value < count, 'node index');
    return value;
  };
  const optional = (value: unknown): string | undefined => {
    check(value === null || typeof value === 'string', 'optional text');
    return value ?? undefined;
  };

  const nodes: GraphNode[] = [];
  const parents: (number | undefined)[] = [];
  for (const tuple of wireNodes) {
    check(Array.isArray(tuple) && tuple.length === 19, 'node');
    // Indexed, not destructured: a destructuring runs the array iterator, which a page's cold code pays for 5,000 times.
    const t = tuple as unknown[];
    const id = t[0], type = t[1], kind = t[2], icon = t[3], tone = t[4], ref = t[5], label = t[6], summary = t[7], kindTitle = t[8], notes = t[9];
    const parent = t[10], workflowType = t[11], path = t[12], span = t[13], nodeRange = t[14], selectionRange = t[15], errors = t[16], warnings = t[17], skipWhen = t[18];
    check(path === null || (Array.isArray(path) && path.every((p) => typeof p === 'string' || isCount(p))), 'path');
    check(typeof id === 'string' || (id === null && path !== null), 'id');
    check(typeof label === 'string' && typeof summary === 'string' && Array.isArray(notes) && isStrings(errors) && isStrings(warnings), 'node texts');
    check(Array.isArray(span) && span.length === 2 && span.every(isCount), 'span');
    parents.push(parent === null ? undefined : nodeAt(parent));
    const node: GraphNode = {
      id: id ?? nodeIdForPath((path as JsonPath).join('.')),
      type: text(type, NODE_TYPES) as GraphNodeType,
      kind: kind === null ? undefined : text(kind),
      icon: text(icon) as IconId,
      tone: text(tone) as Tone,
      ref: optional(ref),
      label,
      summary,
      kindTitle: text(kindTitle),
      notes: notes.map((n) => text(n)),
      parent: undefined,
      children: [],
      workflowType: workflowType === null ? undefined : (text(workflowType, WORKFLOW_TYPES) as WorkflowType),
      path: (path ?? undefined) as JsonPath | undefined,
      span: { start: span[0] as number, end: span[1] as number },
      range: range(nodeRange),
      selectionRange: range(selectionRange),
      errors,
      warnings,
      skipWhen: optional(skipWhen),
    };
    nodes.push(node);
  }
  const byId = new Map<string, GraphNode>();
  for (const node of nodes) byId.set(node.id, node);
  // Layout and drawing look nodes up by id without checking.
  check(byId.size === count, 'ids');
  parents.forEach((parent, i) => {
    if (parent === undefined) return;
    const node = nodes[i] as GraphNode;
    const container = nodes[parent] as GraphNode;
    node.parent = container.id;
    container.children.push(node.id);
  });
  const edges = wireEdges.map((tuple): GraphEdge => {
    check(Array.isArray(tuple) && (tuple.length === 3 || (tuple.length === 4 && typeof tuple[3] === 'string')), 'edge');
    const type = text(tuple[0], EDGE_TYPES) as GraphEdgeType;
    const from = (nodes[nodeAt(tuple[1])] as GraphNode).id;
    const to = (nodes[nodeAt(tuple[2])] as GraphNode).id;
    const edge: GraphEdge = { id: edgeId(type, from, to), type, from, to };
    if (tuple.length === 4) edge.label = tuple[3] as string;
    return edge;
  });
  const sections = wireSections.map((tuple): GraphSection => {
    check(Array.isArray(tuple) && tuple.length === 3 && typeof tuple[0] === 'string' && Array.isArray(tuple[1]), 'section');
    const root = tuple[2] === null ? undefined : (nodes[nodeAt(tuple[2])] as GraphNode).id;
    return { title: tuple[0], entries: (tuple[1] as unknown[]).map((e) => (nodes[nodeAt(e)] as GraphNode).id), root };
  });
  return { graph: { nodes, byId, sections, edges, otherErrors, otherWarnings }, dataEdges: wire.dataEdges as boolean };
}
