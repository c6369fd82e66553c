/**
 * What changed in a flow between two versions of its file (HEAD's and the
 * working tree's), in the flow's own terms: nodes added, removed and changed
 * by ref and kind, triggers and arguments by name, other top-level sections.
 * The GitOps commit proposes its message from this; pure, so the CLI could
 * print the same summary.
 */
import type { FlowModel, FlowNode } from '../document/model';
import { jsonValue, parseFlow, propertyNode } from '../document/parse';
import { canonicalJson, nodeIdentity, nodesByIdentity, ownValue } from '../document/versions';


export type ChangeKind = 'added' | 'removed' | 'changed';

export interface NodeChange {
  change: ChangeKind;
  kind: string;
  ref: string | undefined;
  /** JSON path of the node in the version that has it (the new one, except for removals). */
  path: string;
}

export interface NamedChange {
  change: ChangeKind;
  name: string;
}

export interface FlowChangeSummary {
  /** The file is new: HEAD has no version of it. */
  created: boolean;
  nodes: NodeChange[];
  triggers: NamedChange[];
  arguments: NamedChange[];
  /** Other top-level fields that differ: `options`, `gitops`, `richInputs`, `name`... */
  sections: string[];
  /** True when nothing the flow means changed (formatting, key order, whitespace). */
  cosmetic: boolean;
}

const OTHER_SECTIONS = ['apiVersion', 'name', 'description', 'options', 'gitops', 'richInputs', 'argumentOverrides'] as const;

/** A node's own content: a workflow's steps are its children's business, not its own. */
function ownContent(node: FlowNode): string {
  return canonicalJson(ownValue(node));
}

/** Steps kept in both versions but run in another order: a change of the workflow itself. */
function reordered(a: FlowNode, b: FlowNode): boolean {
  const before = a.children.map(nodeIdentity);
  const after = b.children.map(nodeIdentity);
  const kept = new Set(after);
  const common = before.filter((id) => kept.has(id));
  const commonSet = new Set(common);
  return common.join('\n') !== after.filter((id) => commonSet.has(id)).join('\n');
}

function sameNode(a: FlowNode, b: FlowNode): boolean {
  return ownContent(a) === ownContent(b) && !reordered(a, b);
}

function byIdentity(model: FlowModel): Map<string, FlowNode> {
  return nodesByIdentity(model.nodes);
}

function diffMaps<T>(before: Map<string, T>, after: Map<string, T>, same: (a: T, b: T) => boolean): { key: string; change: ChangeKind; value: T }[] {
  const result: { key: string; change: ChangeKind; value: T }[] = [];
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) result.push({ key, change: 'added', value });
    else if (!same(old, value)) result.push({ key, change: 'changed', value });
  }
  for (const [key, value] of before) if (!after.has(key)) result.push({ key, change: 'removed', value });
  return result;
}

function triggersOf(model: FlowModel): Map<string, string> {
  return new Map(model.triggers.map((t) => [t.ref ?? `#${t.index + 1}`, canonicalJson(jsonValue(t.json))]));
}

function argumentsOf(model: FlowModel): Map<string, string> {
  return new Map([...model.arguments.values()].map((a) => [a.name, canonicalJson(a.value)]));
}

function section(model: FlowModel, key: string): string | undefined {
  const node = propertyNode(model.root, key);
  return node === undefined ? undefined : canonicalJson(jsonValue(node));
}

/** Compares two versions of a flow file; `before` undefined means the file is new. */
export function summarizeFlowChange(before: string | undefined, after: string): FlowChangeSummary {
  const next = parseFlow(after);
  const previous = parseFlow(before ?? '');
  const nodes: NodeChange[] = diffMaps(byIdentity(previous), byIdentity(next), sameNode).map(({ change, value }) => ({
    change,
    kind: value.kind ?? 'node',
    ref: value.ref,
    path: value.path.join('.'),
  }));
  const named = (a: Map<string, string>, b: Map<string, string>): NamedChange[] => diffMaps(a, b, (x, y) => x === y).map(({ key, change }) => ({ change, name: key }));
  const triggers = named(triggersOf(previous), triggersOf(next));
  const args = named(argumentsOf(previous), argumentsOf(next));
  // A new file's sections are all new: the nodes, triggers and arguments say what it holds.
  const sections: string[] = before === undefined ? [] : OTHER_SECTIONS.filter((key) => section(previous, key) !== section(next, key));
  // Triggers reordered, or one without a ref edited in place: no named change says so.
  if (before !== undefined && triggers.length === 0 && section(previous, 'triggers') !== section(next, 'triggers')) sections.push('triggers');
  const cosmetic = before !== undefined && nodes.length === 0 && triggers.length === 0 && args.length === 0 && sections.length === 0;
  return { created: before === undefined, nodes, triggers, arguments: args, sections, cosmetic };
}

const VERBS: Record<ChangeKind, string> = { added: 'add', removed: 'remove', changed: 'change' };
const PAST: Record<ChangeKind, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

function nodeLabel(node: NodeChange): string {
  return node.ref !== undefined ? node.ref : `${node.kind} at ${node.path}`;
}

export const SUBJECT_LIMIT = 72;

/**
 * A commit message for the change: a subject naming what changed (the nodes
 * by ref when few, counts otherwise, within 72 characters) and a body with
 * one line per change.
 */
export function proposeCommitMessage(summary: FlowChangeSummary, flowName: string): { subject: string; body: string } {
  const body: string[] = [];
  for (const node of summary.nodes) body.push(`- ${PAST[node.change]} ${node.kind} ${node.ref !== undefined ? `'${node.ref}'` : `at ${node.path}`}`);
  for (const t of summary.triggers) body.push(`- ${PAST[t.change]} trigger '${t.name}'`);
  for (const a of summary.arguments) body.push(`- ${PAST[a.change]} argument ${a.name}`);
  for (const s of summary.sections) body.push(`- Changed ${s}`);

  if (summary.created) {
    const count = summary.nodes.length;
    return { subject: clip(`Add release flow ${flowName} (${count} node${count === 1 ? '' : 's'})`), body: body.join('\n') };
  }
  if (summary.cosmetic) return { subject: clip(`Reformat release flow ${flowName}`), body: '' };

  const parts: string[] = [];
  for (const change of ['added', 'removed', 'changed'] as const) {
    const nodes = summary.nodes.filter((n) => n.change === change);
    if (nodes.length > 0) parts.push(`${VERBS[change]} ${nodes.map(nodeLabel).join(', ')}`);
  }
  const others = [
    ...summary.triggers.map((t) => `trigger ${t.name}`),
    ...summary.arguments.map((a) => `argument ${a.name}`),
    ...summary.sections,
  ];
  if (others.length > 0) parts.push(`${parts.length === 0 ? 'update ' : ''}${others.join(', ')}`);
  let subject = `${flowName}: ${parts.join('; ')}`;
  if (subject.length > SUBJECT_LIMIT) subject = `${flowName}: ${countsOf(summary)}`;
  return { subject: clip(subject), body: body.join('\n') };
}

function countsOf(summary: FlowChangeSummary): string {
  const parts: string[] = [];
  for (const change of ['added', 'removed', 'changed'] as const) {
    const n = summary.nodes.filter((node) => node.change === change).length;
    if (n > 0) parts.push(`${n} node${n === 1 ? '' : 's'} ${change}`);
  }
  const rest = summary.triggers.length + summary.arguments.length + summary.sections.length;
  if (rest > 0) parts.push(`${rest} other change${rest === 1 ? '' : 's'}`);
  return parts.join(', ');
}

function clip(subject: string): string {
  return subject.length <= SUBJECT_LIMIT ? subject : `${subject.slice(0, SUBJECT_LIMIT - 1)}…`;
}
