/**
 * What changed in a flow's graph since another version of the file (HEAD's,
 * the platform's, another file): nodes added, changed (with the fields that
 * differ) and moved, and the removed ones put back as ghosts where they were,
 * so one picture shows both versions. Nodes are matched as the GitOps commit
 * summary matches them: by ref, and nodes without a ref by position.
 */
import type { FlowModel, FlowNode, TriggerDefinition } from '../document/model';
import { jsonValue } from '../document/parse';
import { changedFieldPaths, nodesByIdentity, ownValue } from '../document/versions';
import { buildGraph, edgeId, flowNodeId, triggerId } from './build';
import type { FlowGraph, GraphEdge, GraphNode, GraphSection } from './types';

export type NodeChangeState = 'added' | 'removed' | 'changed' | 'moved';

export const NODE_CHANGE_STATES: readonly NodeChangeState[] = ['added', 'removed', 'changed', 'moved'];

/** The sign of each kind of change, on a node's corner and in legends. */
export const DIFF_SIGNS: Record<NodeChangeState, string> = { added: '+', removed: '−', changed: '~', moved: '↷' };

export interface GraphNodeChange {
  state: NodeChangeState;
  /** Fields of the node itself that differ (`spec.origin.branch`); a moved node may have some too. */
  fields: string[];
  /** For a moved node: the workflow it was in, and where. */
  movedFrom?: string;
}

export interface GraphDiff {
  /** What the file is compared with, as the user named it: `HEAD`, `platform`, a file name. */
  against: string;
  /** By graph id in the merged graph; unchanged nodes are absent. */
  changes: Map<string, GraphNodeChange>;
  counts: Record<NodeChangeState, number>;
}

/** The id of a removed node's ghost; never the id of a live node, so selecting it reveals nothing. */
export function ghostId(oldId: string): string {
  return `removed:${oldId}`;
}

interface Matched {
  /** Identity of each node of a version, and the reverse. */
  identityOf: Map<FlowNode, string>;
  byIdentity: Map<string, FlowNode>;
}

function matchable(nodes: readonly FlowNode[]): Matched {
  const byIdentity = nodesByIdentity(nodes);
  const identityOf = new Map<FlowNode, string>();
  for (const [identity, node] of byIdentity) identityOf.set(node, identity);
  return { identityOf, byIdentity };
}

function triggerKey(trigger: TriggerDefinition): string {
  return trigger.ref !== undefined ? `ref:${trigger.ref}` : `#${trigger.index}`;
}

/** Indexes of the longest common subsequence of `a` in `b`, as the set of `a`'s items kept in order. */
function inOrder(a: readonly string[], b: readonly string[]): Set<string> {
  // Workflows hold tens of steps, rarely thousands: past that, compare positions only.
  if (a.length * b.length > 4_000_000) return new Set(a.filter((item, i) => b[i] === item));
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      kept.add(a[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

function describePlace(node: FlowNode): string {
  const parent = node.parent;
  const tree = node.tree === 'spec' ? 'the flow' : 'the teardown';
  const where = parent === undefined || (parent.parent === undefined && parent.ref === undefined) ? tree : (parent.ref ?? `the ${parent.kind ?? 'workflow'} at ${parent.path.join('.')}`);
  const position = parent === undefined ? '' : `, step ${parent.children.indexOf(node) + 1}`;
  return `${where}${position}`;
}

/**
 * Compares `after` (the file as it is, with its graph) with `before`, and
 * returns the graph to draw (the live nodes and the ghosts of removed ones)
 * with each node's change.
 */
export function diffGraph(after: { model: FlowModel; graph: FlowGraph }, before: FlowModel, against: string): { graph: FlowGraph; diff: GraphDiff } {
  const changes = new Map<string, GraphNodeChange>();
  const oldNodes = matchable(before.nodes);
  const newNodes = matchable(after.model.nodes);
  const beforeGraph = buildGraph(before);

  // Live nodes: added, changed or moved.
  const parentIdentity = (node: FlowNode, matched: Matched): string => (node.parent === undefined ? `root:${node.tree}` : (matched.identityOf.get(node.parent) ?? '?'));
  const movedInParent = new Set<string>();
  for (const node of after.model.nodes) {
    const old = oldNodes.byIdentity.get(newNodes.identityOf.get(node) ?? '');
    if (!old || old.children.length === 0 || node.children.length === 0) continue;
    // Steps still in the same workflow but run in another order: the ones outside the longest kept order moved.
    const oldSteps = old.children.map((c) => oldNodes.identityOf.get(c) ?? '');
    const newSteps = node.children.map((c) => newNodes.identityOf.get(c) ?? '');
    const both = new Set(newSteps);
    const common = oldSteps.filter((s) => both.has(s));
    const commonSet = new Set(common);
    const newCommon = newSteps.filter((s) => commonSet.has(s));
    const kept = inOrder(common, newCommon);
    for (const step of newCommon) if (!kept.has(step)) movedInParent.add(step);
  }
  for (const node of after.model.nodes) {
    const identity = newNodes.identityOf.get(node) ?? '';
    const old = oldNodes.byIdentity.get(identity);
    const id = flowNodeId(node);
    if (!old) {
      changes.set(id, { state: 'added', fields: [] });
      continue;
    }
    const fields = changedFieldPaths(ownValue(old), ownValue(node));
    const moved = parentIdentity(old, oldNodes) !== parentIdentity(node, newNodes) || movedInParent.has(identity);
    if (moved) changes.set(id, { state: 'moved', fields, movedFrom: describePlace(old) });
    else if (fields.length > 0) changes.set(id, { state: 'changed', fields });
  }

  // Triggers: by ref, or by position when they have none.
  const oldTriggers = new Map(before.triggers.map((t) => [triggerKey(t), t]));
  const newTriggerKeys = new Set(after.model.triggers.map(triggerKey));
  for (const trigger of after.model.triggers) {
    const old = oldTriggers.get(triggerKey(trigger));
    if (!old) changes.set(triggerId(trigger), { state: 'added', fields: [] });
    else {
      const fields = changedFieldPaths(jsonValue(old.json), jsonValue(trigger.json));
      if (fields.length > 0) changes.set(triggerId(trigger), { state: 'changed', fields });
    }
  }

  // The merged graph: copies of the live nodes (their children lists change), then the ghosts.
  const nodes = after.graph.nodes.map((node) => ({ ...node, children: [...node.children] }));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const sections: GraphSection[] = after.graph.sections.map((s) => ({ ...s, entries: [...s.entries] }));
  const ghostOf = new Map<FlowNode, string>();
  const liveOrGhost = (old: FlowNode): string | undefined => {
    const identity = oldNodes.identityOf.get(old);
    const live = identity === undefined ? undefined : newNodes.byIdentity.get(identity);
    return live ? flowNodeId(live) : ghostOf.get(old);
  };
  const ghost = (template: GraphNode | undefined, id: string, parent: GraphNode | undefined): GraphNode | undefined => {
    if (!template) return undefined;
    const anchor = parent ?? nodes[0];
    const node: GraphNode = {
      ...template,
      id,
      parent: parent?.id,
      children: [],
      notes: [...template.notes],
      errors: [],
      warnings: [],
      span: anchor ? { start: anchor.span.start, end: anchor.span.start } : { start: 0, end: 0 },
      range: anchor ? { start: anchor.range.start, end: anchor.range.start } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      selectionRange: anchor ? { start: anchor.range.start, end: anchor.range.start } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
    nodes.push(node);
    byId.set(id, node);
    changes.set(id, { state: 'removed', fields: [] });
    return node;
  };
  /** Puts `id` among `list` after the nearest earlier sibling that is still there. */
  const insertAfterPredecessor = (list: string[], id: string, predecessors: (string | undefined)[]): void => {
    for (let i = predecessors.length - 1; i >= 0; i--) {
      const at = predecessors[i] === undefined ? -1 : list.indexOf(predecessors[i] as string);
      if (at >= 0) {
        list.splice(at + 1, 0, id);
        return;
      }
    }
    list.unshift(id);
  };

  for (const old of before.nodes) {
    const identity = oldNodes.identityOf.get(old);
    if (identity !== undefined && newNodes.byIdentity.has(identity)) continue;
    const id = ghostId(flowNodeId(old));
    ghostOf.set(old, id);
    const parentId = old.parent === undefined ? undefined : liveOrGhost(old.parent);
    const parent = parentId === undefined ? undefined : byId.get(parentId);
    const node = ghost(beforeGraph.byId.get(flowNodeId(old)), id, parent);
    if (!node) continue;
    if (parent) {
      const index = old.parent?.children.indexOf(old) ?? 0;
      const earlier = (old.parent?.children.slice(0, index) ?? []).map(liveOrGhost);
      insertAfterPredecessor(parent.children, id, earlier);
    } else {
      // A removed root: the whole spec or teardown is gone.
      const title = old.tree === 'spec' ? 'Release flow' : 'Teardown';
      const section = sections.find((s) => s.title === title);
      if (section && section.root === undefined) section.root = id;
      else if (!section) sections.push({ title, entries: [], root: id });
    }
  }
  const main = sections[0];
  if (main) {
    for (const old of before.triggers) {
      if (newTriggerKeys.has(triggerKey(old))) continue;
      const template = beforeGraph.byId.get(triggerId(old));
      const id = ghostId(triggerId(old));
      if (!ghost(template, id, undefined)) continue;
      const earlier = before.triggers.slice(0, old.index).map((t) => (newTriggerKeys.has(triggerKey(t)) ? triggerId(after.model.triggers.find((n) => triggerKey(n) === triggerKey(t)) as TriggerDefinition) : ghostId(triggerId(t))));
      insertAfterPredecessor(main.entries, id, earlier);
    }
  }

  const counts: Record<NodeChangeState, number> = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const change of changes.values()) counts[change.state]++;
  const graph: FlowGraph = {
    nodes: inTreeOrder(sections, byId, nodes),
    byId,
    sections,
    edges: [...structureEdges(sections, byId), ...after.graph.edges.filter((e) => e.type === 'data')],
    otherErrors: after.graph.otherErrors,
    otherWarnings: after.graph.otherWarnings,
  };
  return { graph, diff: { against, changes, counts } };
}

/** Containers before their children, sections in order, as buildGraph lists them. */
function inTreeOrder(sections: readonly GraphSection[], byId: Map<string, GraphNode>, all: readonly GraphNode[]): GraphNode[] {
  const ordered: GraphNode[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    const node = byId.get(id);
    if (!node || seen.has(id)) return;
    seen.add(id);
    ordered.push(node);
    for (const child of node.children) visit(child);
  };
  for (const section of sections) {
    for (const entry of section.entries) visit(entry);
    if (section.root !== undefined) visit(section.root);
  }
  for (const node of all) if (!seen.has(node.id)) ordered.push(node);
  return ordered;
}

/** The order edges of the merged tree, drawn through ghosts as through live steps. */
function structureEdges(sections: readonly GraphSection[], byId: Map<string, GraphNode>): GraphEdge[] {
  const edges: GraphEdge[] = [];
  const edge = (type: GraphEdge['type'], from: string, to: string): void => {
    edges.push({ id: edgeId(type, from, to), type, from, to });
  };
  for (const node of byId.values()) {
    if (node.workflowType === 'sequential') for (let i = 1; i < node.children.length; i++) edge('next', node.children[i - 1] as string, node.children[i] as string);
    else if (node.workflowType === 'parallel') {
      for (const child of node.children) {
        edge('fork', node.id, child);
        edge('join', child, node.id);
      }
    }
  }
  for (const section of sections) if (section.root !== undefined) for (const entry of section.entries) edge('entry', entry, section.root);
  return edges;
}

/** One line per change, for tooltips and the CLI: `Changed since HEAD: spec.origin.branch`. */
export function describeChange(change: GraphNodeChange, against: string): string[] {
  const fields = change.fields.length > 0 ? `: ${change.fields.join(', ')}` : '';
  switch (change.state) {
    case 'added':
      return [`Added since ${against}.`];
    case 'removed':
      return [`Removed since ${against} (shown as it was).`];
    case 'changed':
      return [`Changed since ${against}${fields}.`];
    case 'moved':
      return [`Moved since ${against}, from ${change.movedFrom ?? 'elsewhere'}.`, ...(change.fields.length > 0 ? [`Also changed${fields}.`] : [])];
  }
}

/** `2 added, 1 removed, 3 changed, 1 moved since HEAD`, or `No changes since HEAD`. */
export function diffSummaryLine(diff: GraphDiff): string {
  const parts = NODE_CHANGE_STATES.filter((s) => diff.counts[s] > 0).map((s) => `${diff.counts[s]} ${s}`);
  return parts.length === 0 ? `No changes since ${diff.against}` : `${parts.join(', ')} since ${diff.against}`;
}
