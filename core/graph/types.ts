import type { JsonPath, WorkflowType } from '../document/model';
import type { NodeStatus } from '../runs/events';
import type { Range, Span } from '../text/positions';
import type { IconId } from './icons';

/**
 * What a graph node stands for: a step of the flow, a workflow (drawn as a
 * container), or an entry point (a Git trigger, the webhook / manual run, or
 * the start of the teardown).
 */
export type GraphNodeType = 'step' | 'workflow' | 'trigger' | 'webhook' | 'teardown';

export interface GraphNode {
  /** Stable across edits that do not move the node: derived from its JSON path. */
  id: string;
  type: GraphNodeType;
  /** The flow node's `kind`, when it has one. */
  kind: string | undefined;
  icon: IconId;
  /** Colour family of the icon and accent (maps to a theme colour). */
  tone: Tone;
  ref: string | undefined;
  /** The card's headline: the ref, or a readable name when there is none. */
  label: string;
  /** One line: what the node does ("Build shop-builder @ main"). */
  summary: string;
  /** Short kind name shown on the card ("Build", "Release"). */
  kindTitle: string;
  /** Extra facts for the tooltip and the details popover. */
  notes: string[];
  parent: string | undefined;
  children: string[];
  workflowType: WorkflowType | undefined;
  /** JSON path of the flow node or trigger; undefined for the webhook entry. */
  path: JsonPath | undefined;
  /** Where the node is in the document: the whole object. */
  span: Span;
  range: Range;
  /** The part to select when revealing: the ref string, else the kind string, else the object. */
  selectionRange: Range;
  errors: string[];
  warnings: string[];
  /** `skipNodeExecution` when it is not plainly "false". */
  skipWhen: string | undefined;
}

export type Tone = 'blue' | 'green' | 'purple' | 'orange' | 'yellow' | 'red' | 'grey';

/**
 * - `next`: one step of a sequential workflow to the following one.
 * - `fork` / `join`: a parallel workflow to each branch, and each branch back.
 * - `entry`: a trigger, the webhook or the teardown start to the workflow it starts.
 * - `data`: a `${refs.<ref>...}` use, from the node (or trigger) read to the node that reads it.
 */
export type GraphEdgeType = 'next' | 'fork' | 'join' | 'entry' | 'data';

export interface GraphEdge {
  id: string;
  type: GraphEdgeType;
  from: string;
  to: string;
  /** For data edges: the properties read (`id, branch`). */
  label?: string;
}

export interface FlowGraph {
  /** Every node, containers before their children, in document order. */
  nodes: GraphNode[];
  byId: Map<string, GraphNode>;
  /** Top-level sections, each an entry column and the workflow it starts. */
  sections: GraphSection[];
  edges: GraphEdge[];
  /** Diagnostics that belong to no node (top-level fields), as messages. */
  otherErrors: string[];
  otherWarnings: string[];
}

export interface GraphSection {
  title: string;
  entries: string[];
  /** The root workflow of the tree; undefined when the file has no `spec` workflow. */
  root: string | undefined;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode {
  node: GraphNode;
  box: Box;
  /** A container drawn closed: its steps are hidden. */
  collapsed: boolean;
  /** Number of nodes hidden inside a collapsed container. */
  hidden: number;
}

export interface PlacedEdge {
  edge: GraphEdge;
  /** Polyline through these points (corners are rounded when drawn), or a cubic curve when `curve` is set. */
  points: Point[];
  /** Draw `points` (start, control, control, end) as one cubic Bézier curve. */
  curve: boolean;
  /** Draw an arrowhead at the end. */
  arrow: boolean;
}

export interface GraphLayout {
  graph: FlowGraph;
  /** Visible nodes in paint order: each container before what it holds. */
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  /** Which layout produced the positions. */
  engine: 'series-parallel' | 'elk';
  /** Which way the flow runs. */
  direction: 'right' | 'down';
}

/** Node run statuses: the run model's, in the platform's words. */
export type NodeRunStatus = NodeStatus;

export const NODE_RUN_STATUSES: readonly NodeRunStatus[] = [
  'pending', 'running', 'waiting', 'retrying', 'approval_wait', 'async_wait', 'success', 'failure', 'skipped', 'aborting', 'aborted',
];

/** What the graph shows of one node during or after a run. */
export interface NodeRunState {
  status: NodeRunStatus;
  /** Attempt number (1-based) the status belongs to. */
  attempt?: number;
  /** How many attempts the runner allows, when known. */
  maxAttempts?: number;
  /** The node's outputs, already masked by the runner. */
  outputs?: unknown;
  error?: { code: string; message: string };
  /** When the status was reported (ISO 8601). */
  at?: string;
  /** Notes the runner attached to the node (a fallback taken, a skipped restore). */
  notes?: string[];
}
