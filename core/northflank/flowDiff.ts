/**
 * A flow file against the flow on the platform: the platform's own fields
 * (`status`, `stage`, `createdAt`, `updatedAt`, ...) and key order do not
 * count. The summary is the GitOps commit's (core/gitops/summary.ts), with the
 * platform's version as "before" and the file as "after", plus the field
 * paths that differ inside each changed node.
 */
import { jsonValue, parseFlow } from '../document/parse';
import type { FlowModel, FlowNode } from '../document/model';
import { canonicalJson } from '../document/versions';
import { summarizeFlowChange, type FlowChangeSummary, type NodeChange } from '../gitops/summary';

/** Fields the platform adds to a flow it returns: not part of the flow a file holds. */
export const PLATFORM_FIELDS: readonly string[] = ['status', 'stage', 'createdAt', 'updatedAt', 'paused', 'concurrencyPolicy', 'id', 'projectId', 'pipelineId'];

/** The flow as a file would hold it: platform fields dropped, and top-level nulls (absent fields) too. */
export function flowOfPlatform(result: Record<string, unknown>): Record<string, unknown> {
  const flow: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (PLATFORM_FIELDS.includes(key) || value === null || value === undefined) continue;
    flow[key] = value;
  }
  return flow;
}

/** The text `remote pull` writes: two-space JSON and a final newline. */
export function flowText(flow: Record<string, unknown>): string {
  return `${JSON.stringify(flow, null, 2)}\n`;
}

export interface NodeDiff extends NodeChange {
  /** For a changed node: the field paths that differ, relative to the node (at most 20). */
  fields?: string[];
}

export interface FlowDiff {
  identical: boolean;
  nodes: NodeDiff[];
  triggers: FlowChangeSummary['triggers'];
  arguments: FlowChangeSummary['arguments'];
  /** Other top-level sections that differ, with their field paths: `options.concurrencyPolicy`. */
  sections: string[];
}

const MAX_FIELDS = 20;

/** Leaf paths where `a` and `b` differ (`spec.branch`, `steps[2]`), up to `limit`. */
export function changedPaths(a: unknown, b: unknown, prefix = '', out: string[] = [], limit = MAX_FIELDS): string[] {
  if (out.length >= limit) return out;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    if (canonicalJson(a) !== canonicalJson(b)) out.push(prefix || '(value)');
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) changedPaths(a[i], b[i], `${prefix}[${i}]`, out, limit);
    return out;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
    changedPaths(left[key], right[key], prefix ? `${prefix}.${key}` : key, out, limit);
  }
  return out;
}

/** A node's value without its steps: what it holds itself. */
function ownValue(node: FlowNode): unknown {
  const value = jsonValue(node.json) as Record<string, unknown>;
  const spec = value.spec as Record<string, unknown> | undefined;
  if (node.kind === 'Workflow' && spec && typeof spec === 'object' && 'steps' in spec) {
    const { steps: _steps, ...rest } = spec;
    return { ...value, spec: rest };
  }
  return value;
}

function findNode(model: FlowModel, change: NodeChange): FlowNode | undefined {
  return change.ref !== undefined ? model.nodes.find((n) => n.ref === change.ref) : model.nodes.find((n) => n.path.join('.') === change.path && n.kind === change.kind);
}

/** Compares the file's text with the platform's flow (already without platform fields). */
export function diffWithPlatform(fileText: string, platformFlow: Record<string, unknown>): FlowDiff {
  const platformText = flowText(platformFlow);
  let fileValue: unknown;
  try {
    fileValue = JSON.parse(fileText);
  } catch {
    fileValue = undefined;
  }
  const identical = fileValue !== undefined && canonicalJson(flowOfPlatform(fileValue as Record<string, unknown>)) === canonicalJson(platformFlow);
  const summary = summarizeFlowChange(platformText, fileText);
  const before = parseFlow(platformText);
  const after = parseFlow(fileText);
  const nodes: NodeDiff[] = summary.nodes.map((change) => {
    if (change.change !== 'changed') return change;
    const old = findNode(before, change);
    const now = findNode(after, change);
    return old && now ? { ...change, fields: changedPaths(ownValue(old), ownValue(now)) } : change;
  });
  const fileObject = (fileValue ?? {}) as Record<string, unknown>;
  const sections = summary.sections.flatMap((section) => changedPaths(platformFlow[section], fileObject[section], section, [], 5));
  // The summary reports only what a flow means; any other difference (e.g. a field it does not look at) still shows.
  if (!identical && nodes.length === 0 && summary.triggers.length === 0 && summary.arguments.length === 0 && sections.length === 0) {
    sections.push(...changedPaths(platformFlow, flowOfPlatform(fileObject), '', [], 5));
  }
  return { identical, nodes, triggers: summary.triggers, arguments: summary.arguments, sections };
}

const WORDS = { added: 'only in the file', removed: 'only on the platform', changed: 'changed' } as const;

/** One line per difference, grouped by node ref: `+ deploy-api (Release): only in the file`. */
export function formatFlowDiff(diff: FlowDiff): string[] {
  if (diff.identical) return ['The file and the platform hold the same flow.'];
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  const lines: string[] = [];
  for (const node of diff.nodes) {
    const name = node.ref ?? `${node.kind} at ${node.path}`;
    const fields = node.fields && node.fields.length > 0 ? `: ${node.fields.join(', ')}` : '';
    lines.push(`${sign[node.change]} ${name} (${node.kind}) ${WORDS[node.change]}${fields}`);
  }
  for (const trigger of diff.triggers) lines.push(`${sign[trigger.change]} trigger ${trigger.name} ${WORDS[trigger.change]}`);
  for (const argument of diff.arguments) lines.push(`${sign[argument.change]} argument ${argument.name} ${WORDS[argument.change]}`);
  for (const section of diff.sections) lines.push(`~ ${section} changed`);
  if (lines.length === 0) lines.push('~ the flows differ in formatting only');
  return lines;
}
