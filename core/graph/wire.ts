/**
 * A flow graph as it travels between processes (language server -> extension
 * -> preview page): JSON text, which every hop passes on as one string (a
 * structured clone of 200,000 small objects costs the page several times a
 * JSON.parse of the same graph), without what the receiver can rebuild: the
 * `byId` index and the edges' ids; the notes (mostly a kind's catalogue text,
 * the same for every node of that kind) are sent once each.
 *
 * The language server already holds the parsed model of an open flow, so the
 * preview's first picture can be drawn from its graph without the page
 * parsing megabytes of text first.
 */
import { isRange, isSpan } from '../text/positions';
import { edgeId } from './build';
import type { FlowGraph, GraphEdge, GraphEdgeType, GraphNode, GraphNodeType } from './types';

/** What is sent: a GraphNode with its notes as indexes into `notes`. */
export interface WireNode extends Omit<GraphNode, 'notes'> {
  notes: number[];
}

export interface WireGraph {
  /** Every distinct note of the nodes, once. */
  notes: string[];
  nodes: WireNode[];
  edges: Omit<GraphEdge, 'id'>[];
  sections: FlowGraph['sections'];
  otherErrors: string[];
  otherWarnings: string[];
  /** Whether `edges` has the `${refs}` data edges (built only when asked for). */
  dataEdges: boolean;
}

export function toWireGraph(graph: FlowGraph, dataEdges: boolean): WireGraph {
  const notes: string[] = [];
  const noteIndex = new Map<string, number>();
  const indexOf = (note: string): number => {
    let index = noteIndex.get(note);
    if (index === undefined) noteIndex.set(note, (index = notes.push(note) - 1));
    return index;
  };
  return {
    notes,
    nodes: graph.nodes.map((node) => ({ ...node, notes: node.notes.map(indexOf) })),
    edges: graph.edges.map(({ id: _id, ...edge }) => edge),
    sections: graph.sections,
    otherErrors: graph.otherErrors,
    otherWarnings: graph.otherWarnings,
    dataEdges,
  };
}

/** The JSON text of a graph, as `releaseFlow/graph` answers and the `update` message carries it. */
export function encodeGraph(graph: FlowGraph, dataEdges: boolean): string {
  return JSON.stringify(toWireGraph(graph, dataEdges));
}

/**
 * The graph of a JSON text made by encodeGraph, or undefined for anything
 * else (not JSON, or not every part in the shape the page draws from): the
 * page then parses the document itself, and never draws half a graph.
 */
export function decodeGraph(json: unknown): { graph: FlowGraph; dataEdges: boolean } | undefined {
  if (typeof json !== 'string') return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isWireGraph(wire)) return undefined;
  // Completed in place: the parse made these objects for this graph alone, and copying 5,000 nodes costs as much again.
  const { notes } = wire;
  const byId = new Map<string, GraphNode>();
  for (const node of wire.nodes as unknown as GraphNode[]) {
    const indexes = node.notes as unknown as number[];
    for (let i = 0; i < indexes.length; i++) node.notes[i] = notes[indexes[i] as number] as string;
    byId.set(node.id, node);
  }
  for (const edge of wire.edges as GraphEdge[]) edge.id = edgeId(edge.type, edge.from, edge.to);
  return {
    graph: { nodes: wire.nodes as unknown as GraphNode[], byId, sections: wire.sections, edges: wire.edges as GraphEdge[], otherErrors: wire.otherErrors, otherWarnings: wire.otherWarnings },
    dataEdges: wire.dataEdges,
  };
}

const NODE_TYPES: ReadonlySet<GraphNodeType> = new Set(['step', 'workflow', 'trigger', 'webhook', 'teardown']);
const EDGE_TYPES: ReadonlySet<GraphEdgeType> = new Set(['next', 'fork', 'join', 'entry', 'data']);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

function isWireNode(value: unknown, noteCount: number): value is WireNode {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    NODE_TYPES.has(value.type as GraphNodeType) &&
    typeof value.label === 'string' &&
    typeof value.summary === 'string' &&
    typeof value.kindTitle === 'string' &&
    typeof value.icon === 'string' &&
    typeof value.tone === 'string' &&
    isOptionalString(value.kind) &&
    isOptionalString(value.ref) &&
    isOptionalString(value.parent) &&
    isOptionalString(value.workflowType) &&
    isOptionalString(value.skipWhen) &&
    Array.isArray(value.notes) &&
    value.notes.every((i) => Number.isInteger(i) && i >= 0 && i < noteCount) &&
    isStrings(value.children) &&
    isStrings(value.errors) &&
    isStrings(value.warnings) &&
    (value.path === undefined || (Array.isArray(value.path) && value.path.every((p) => typeof p === 'string' || typeof p === 'number'))) &&
    isSpan(value.span) &&
    isRange(value.range) &&
    isRange(value.selectionRange)
  );
}

/** True for a wire graph whose every part has the shape the page draws from, and whose every reference lands on a node. */
export function isWireGraph(value: unknown): value is WireGraph {
  if (!isObject(value) || typeof value.dataEdges !== 'boolean' || !isStrings(value.notes) || !isStrings(value.otherErrors) || !isStrings(value.otherWarnings)) return false;
  const noteCount = value.notes.length;
  if (!Array.isArray(value.nodes) || !value.nodes.every((n) => isWireNode(n, noteCount))) return false;
  const ids = new Set(value.nodes.map((n) => n.id));
  // Layout and drawing look nodes up by id without checking.
  if (ids.size !== value.nodes.length) return false;
  if (!value.nodes.every((n) => (n.parent === undefined || ids.has(n.parent)) && n.children.every((c) => ids.has(c)))) return false;
  if (!Array.isArray(value.edges) || !value.edges.every((e) => isObject(e) && EDGE_TYPES.has(e.type as GraphEdgeType) && ids.has(e.from as string) && ids.has(e.to as string) && isOptionalString(e.label))) return false;
  return (
    Array.isArray(value.sections) &&
    value.sections.every((s) => isObject(s) && typeof s.title === 'string' && isStrings(s.entries) && s.entries.every((e) => ids.has(e)) && (s.root === undefined || ids.has(s.root as string)))
  );
}
