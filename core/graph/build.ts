import { RELEASE_FLOW_KINDS } from '../catalogue/kinds';
import type { Severity } from '../validation/diagnostics';
import type { WebviewDiagnostic } from './messages';
import { expressionUses } from '../document/expressionUses';
import type { Node as JsonNode } from 'jsonc-parser';
import { contentStamp } from '../document/incremental';
import type { FlowModel, FlowNode, TriggerDefinition } from '../document/model';
import { nodeAtOffset } from '../document/order';
import { jsonValue, propertyNode, propertyValue } from '../document/parse';
import type { Range, Span } from '../text/positions';
import { formatDuration, kindLook, nodeSummary } from './summary';
import type { FlowGraph, GraphEdge, GraphNode, GraphSection } from './types';

/** A diagnostic as the graph needs it: where it is and how bad. */
export interface GraphDiagnostic {
  severity: Severity;
  message: string;
  span: Span;
}

/** The host's diagnostics (LSP ranges) where they are in the model's text. */
export function graphDiagnosticsOf(model: FlowModel, diagnostics: readonly WebviewDiagnostic[]): GraphDiagnostic[] {
  return diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    span: { start: model.lines.offsetAt(d.range.start), end: model.lines.offsetAt(d.range.end) },
  }));
}

/** An edge's id: one edge of a type between two nodes. */
export const edgeId = (type: GraphEdge['type'], from: string, to: string): string => `${type}:${from}->${to}`;

export const WEBHOOK_ID = 'entry:webhook';
export const TEARDOWN_ID = 'entry:teardown';

/** The graph id of a flow node: its JSON path, which only changes when the node moves. */
export function flowNodeId(node: Pick<FlowNode, 'path'>): string {
  return nodeIdForPath(node.path.join('.'));
}

/** The graph id of the flow node at a dotted JSON path (`spec.spec.steps.1`), as the runner names nodes. */
export function nodeIdForPath(dottedPath: string): string {
  return `node:${dottedPath}`;
}

export function triggerId(trigger: Pick<TriggerDefinition, 'index'>): string {
  return `trigger:${trigger.index}`;
}

export interface BuildGraphOptions {
  /**
   * Default true. False leaves out the `${refs}` data edges: finding them reads
   * every expression of the flow, a large part of a big flow's graph; the
   * preview adds them only when they are shown (`dataEdges`).
   */
  dataEdges?: boolean;
}

/**
 * The graph of a parsed flow: one card per step, a container per workflow,
 * entry nodes for the Git triggers and the webhook, the order edges the
 * workflows imply and one data edge per node pair linked by `${refs...}`
 * (structure edges first, then data edges).
 * Pure and linear in the size of the document.
 */
export function buildGraph(model: FlowModel, diagnostics: readonly GraphDiagnostic[] = [], options: BuildGraphOptions = {}): FlowGraph {
  const graph: FlowGraph = { nodes: [], byId: new Map(), sections: [], edges: [], otherErrors: [], otherWarnings: [] };
  const add = (node: GraphNode): void => {
    graph.nodes.push(node);
    graph.byId.set(node.id, node);
  };
  const edge = (type: GraphEdge['type'], from: string, to: string, label?: string): void => {
    const e: GraphEdge = { id: edgeId(type, from, to), type, from, to };
    if (label !== undefined) e.label = label;
    graph.edges.push(e);
  };

  const main: GraphSection = { title: 'Release flow', entries: [], root: undefined };
  for (const trigger of model.triggers) {
    const node = triggerNode(model, trigger);
    add(node);
    main.entries.push(node.id);
  }
  add(webhookNode(model));
  main.entries.push(WEBHOOK_ID);
  graph.sections.push(main);

  // Each id once: a node's id is also its parent's child and its edges' ends.
  const ids = new Map<FlowNode, string>();
  const idOf = (node: FlowNode): string => {
    let id = ids.get(node);
    if (id === undefined) {
      id = flowNodeId(node);
      ids.set(node, id);
    }
    return id;
  };
  for (const flowNode of model.nodes) add(stepNode(model, flowNode, idOf));
  for (const flowNode of model.nodes) addStructureEdges(flowNode, edge, idOf);

  if (model.rootNode) {
    main.root = flowNodeId(model.rootNode);
    for (const entry of main.entries) edge('entry', entry, main.root);
  }
  if (model.teardownRootNode) {
    const root = flowNodeId(model.teardownRootNode);
    add(teardownNode(model));
    graph.sections.push({ title: 'Teardown', entries: [TEARDOWN_ID], root });
    edge('entry', TEARDOWN_ID, root);
  }

  if (options.dataEdges !== false) graph.edges.push(...dataEdges(model));
  attachDiagnostics(model, graph, diagnostics);
  return graph;
}

function addStructureEdges(node: FlowNode, edge: (type: GraphEdge['type'], from: string, to: string) => void, idOf: (node: FlowNode) => string): void {
  const id = idOf(node);
  if (node.workflowType === 'sequential') {
    for (let i = 1; i < node.children.length; i++) edge('next', idOf(node.children[i - 1] as FlowNode), idOf(node.children[i] as FlowNode));
  } else if (node.workflowType === 'parallel') {
    for (const child of node.children) {
      edge('fork', id, idOf(child));
      edge('join', idOf(child), id);
    }
  }
  // A workflow without a valid type has no known order: its steps are shown without edges.
}

/** The `${refs}` data edges: one per (node read, node reading), labelled with the properties read. */
export function dataEdges(model: FlowModel): GraphEdge[] {
  const triggersByRef = new Map<string, TriggerDefinition>();
  for (const trigger of model.triggers) if (trigger.ref !== undefined && !triggersByRef.has(trigger.ref)) triggersByRef.set(trigger.ref, trigger);
  const pairs = new Map<string, { from: string; to: string; properties: Set<string> }>();
  for (const use of expressionUses(model).refs) {
    const owner = use.site.owner;
    if (!owner) continue;
    const sourceNode = model.nodesByRef.get(use.name)?.find((n) => n.tree === owner.tree);
    const trigger = sourceNode ? undefined : triggersByRef.get(use.name);
    const from = sourceNode ? flowNodeId(sourceNode) : trigger ? triggerId(trigger) : undefined;
    const to = flowNodeId(owner);
    if (from === undefined || from === to) continue;
    const key = `${from}\n${to}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { from, to, properties: new Set() };
      pairs.set(key, pair);
    }
    pair.properties.add(use.property.map((segment) => segment.name).join('.') || '(all)');
  }
  return [...pairs.values()].map(({ from, to, properties }) => ({ id: edgeId('data', from, to), type: 'data', from, to, label: [...properties].join(', ') }));
}

function attachDiagnostics(model: FlowModel, graph: FlowGraph, diagnostics: readonly GraphDiagnostic[]): void {
  for (const d of diagnostics) {
    if (d.severity !== 'error' && d.severity !== 'warning') continue;
    const flowNode = nodeAtOffset(model, d.span.start);
    const trigger = flowNode ? undefined : model.triggers.find((t) => d.span.start >= t.span.start && d.span.start < t.span.end);
    const target = flowNode ? graph.byId.get(flowNodeId(flowNode)) : trigger ? graph.byId.get(triggerId(trigger)) : undefined;
    if (target) (d.severity === 'error' ? target.errors : target.warnings).push(d.message);
    else (d.severity === 'error' ? graph.otherErrors : graph.otherWarnings).push(d.message);
  }
}

/** What a step's card shows that follows from the node's own JSON (its steps included) and its place as a tree's root. */
type StepContent = Pick<GraphNode, 'type' | 'icon' | 'tone' | 'label' | 'summary' | 'kindTitle' | 'notes' | 'skipWhen'>;

/**
 * Step contents by the flow node's JSON object, as of its content stamp
 * (core/document/incremental.ts): the preview builds a graph per keystroke,
 * and an edit changes the stamps of the values it touched and their
 * ancestors only, so the other cards' texts are not made again. A JSON object
 * is a tree's root, or not, for as long as it lives (a new parse makes new
 * objects), so the object and its stamp are the whole key.
 */
const stepContents = new WeakMap<JsonNode, { stamp: number; content: StepContent }>();

function stepNode(model: FlowModel, node: FlowNode, idOf: (node: FlowNode) => string): GraphNode {
  const stamp = contentStamp(node.json);
  let known = stepContents.get(node.json);
  if (known?.stamp !== stamp) {
    known = { stamp, content: stepContent(node) };
    stepContents.set(node.json, known);
  }
  const content = known.content;
  const selection = node.refSpan ?? node.kindSpan ?? node.span;
  return {
    id: idOf(node),
    type: content.type,
    kind: node.kind,
    icon: content.icon,
    tone: content.tone,
    ref: node.ref,
    label: content.label,
    summary: content.summary,
    kindTitle: content.kindTitle,
    notes: content.notes,
    parent: node.parent ? idOf(node.parent) : undefined,
    children: node.children.map(idOf),
    workflowType: node.workflowType,
    path: node.path,
    span: node.span,
    range: model.lines.rangeOf(node.span),
    selectionRange: model.lines.rangeOf(selection),
    errors: [],
    warnings: [],
    skipWhen: content.skipWhen,
  };
}

function stepContent(node: FlowNode): StepContent {
  const look = kindLook(node);
  const info = node.kind === undefined ? undefined : RELEASE_FLOW_KINDS.get(node.kind);
  const isWorkflow = node.workflowType !== undefined || node.kind === 'Workflow' || node.kind === 'LoopWorkflow';
  const notes: string[] = [];
  if (info) notes.push(info.summary);
  const condition = propertyValue(node.json, 'condition');
  if (condition === 'success') notes.push('Waits until it succeeds.');
  if (condition === 'running') notes.push('Waits until the target is running.');
  const timeout = propertyValue(node.json, 'timeoutDuration');
  if (timeout !== undefined) notes.push(`Times out after ${formatDuration(timeout)}.`);
  const skip = propertyNode(node.json, 'skipNodeExecution');
  const skipValue = skip === undefined ? undefined : typeof skip.value === 'string' ? skip.value : JSON.stringify(jsonValue(skip));
  const skipWhen = skipValue === undefined || skipValue === 'false' ? undefined : skipValue === 'true' ? 'always' : skipValue;
  if (skipWhen !== undefined) notes.push(skipWhen === 'always' ? 'Always skipped (skipNodeExecution is "true").' : `Skipped when ${skipWhen} is true.`);
  if (node.tree === 'teardownSpec' && node.parent === undefined) notes.push('Runs on teardown.');
  return {
    type: isWorkflow ? 'workflow' : 'step',
    icon: look.icon,
    tone: look.tone,
    label: node.ref ?? (node.parent === undefined ? (node.tree === 'spec' ? 'Release flow' : 'Teardown') : look.title),
    summary: nodeSummary(node),
    kindTitle: look.title,
    notes,
    skipWhen,
  };
}

function triggerNode(model: FlowModel, trigger: TriggerDefinition): GraphNode {
  const list = (key: string): string[] => {
    const array = propertyNode(trigger.json, key);
    return array?.type === 'array' ? (array.children ?? []).map((item) => String(item.value)) : [];
  };
  const branches = list('branchRestrictions');
  const prs = list('prRestrictions');
  const parts: string[] = [];
  if (branches.length > 0) parts.push(`push to ${branches.join(', ')}`);
  if (prs.length > 0) parts.push(`PR from ${prs.join(', ')}`);
  const repo = propertyValue(trigger.json, 'repoUrl');
  const notes = ['Git trigger: starts a run when a matching commit or pull request arrives.'];
  if (typeof repo === 'string') notes.push(`Repository: ${repo}`);
  const ignored = list('pathIgnoreRules');
  if (ignored.length > 0) notes.push(`${propertyValue(trigger.json, 'isAllowList') === true ? 'Only paths' : 'Ignored paths'}: ${ignored.join(', ')}`);
  const summary = parts.length > 0 ? parts.join(' · ') : 'No branch or PR rules: never starts a run';
  return entryNode(model, {
    id: triggerId(trigger),
    type: 'trigger',
    icon: branches.length === 0 && prs.length > 0 ? 'trigger-pr' : 'trigger-git',
    ref: trigger.ref,
    label: trigger.ref ?? `Trigger ${trigger.index + 1}`,
    summary: summary.charAt(0).toUpperCase() + summary.slice(1),
    kindTitle: 'Git trigger',
    notes,
    path: ['triggers', trigger.index],
    span: trigger.span,
    selection: trigger.refSpan ?? trigger.span,
  });
}

function webhookNode(model: FlowModel): GraphNode {
  const names = [...model.arguments.keys()];
  const span = model.root ? { start: model.root.offset, end: model.root.offset } : { start: 0, end: 0 };
  return entryNode(model, {
    id: WEBHOOK_ID,
    type: 'webhook',
    icon: 'webhook',
    ref: undefined,
    label: 'Webhook or manual run',
    summary: names.length > 0 ? `Arguments: ${names.join(', ')}` : 'Run by hand or by calling the flow URL',
    kindTitle: 'Webhook',
    notes: ['Starts a run by hand, or by a GET or POST to the flow URL; query parameters become ${args.NAME}.'],
    path: undefined,
    span,
    selection: model.argumentsNode ? { start: model.argumentsNode.offset, end: model.argumentsNode.offset + model.argumentsNode.length } : span,
  });
}

function teardownNode(model: FlowModel): GraphNode {
  const teardown = propertyNode(model.root, 'teardownSpec');
  const span = teardown ? { start: teardown.offset, end: teardown.offset + teardown.length } : { start: 0, end: 0 };
  return entryNode(model, {
    id: TEARDOWN_ID,
    type: 'teardown',
    icon: 'teardown',
    ref: undefined,
    label: 'On teardown',
    summary: 'Runs when the flow is torn down',
    kindTitle: 'Teardown',
    notes: ['The nodes of "teardownSpec" run when the flow is torn down.'],
    path: ['teardownSpec'],
    span,
    selection: span,
  });
}

interface EntryFields extends Pick<GraphNode, 'id' | 'type' | 'icon' | 'ref' | 'label' | 'summary' | 'kindTitle' | 'notes' | 'path' | 'span'> {
  selection: Span;
}

function entryNode(model: FlowModel, fields: EntryFields): GraphNode {
  const { selection, ...rest } = fields;
  const range: Range = model.lines.rangeOf(fields.span);
  return {
    ...rest,
    kind: undefined,
    tone: 'grey',
    parent: undefined,
    children: [],
    workflowType: undefined,
    range,
    selectionRange: model.lines.rangeOf(selection),
    errors: [],
    warnings: [],
    skipWhen: undefined,
  };
}
