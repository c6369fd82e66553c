/**
 * A flow file against the flow on the platform: the platform's own fields
 * (`status`, `stage`, `createdAt`, `updatedAt`, ...) and key order do not
 * count. The summary is the GitOps commit's (core/gitops/summary.ts), with the
 * platform's version as "before" and the file as "after", plus the field
 * paths that differ inside each changed node.
 */
import { parseFlow } from '../document/parse';
import type { FlowModel, FlowNode } from '../document/model';
import { canonicalJson, changedFieldPaths, ownValue } from '../document/versions';
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

/**
 * The flow with the options the platform fills in at their documented
 * defaults left out (`paused: false`, `concurrencyPolicy: "allow"`): after a
 * pause and resume the platform holds `paused: false`, which means the same
 * as a file that never says it.
 */
export function withoutDefaultOptions(flow: Record<string, unknown>): Record<string, unknown> {
  const options = flow.options;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return flow;
  const kept = Object.fromEntries(Object.entries(options).filter(([key, value]) => !(key === 'paused' && value === false) && !(key === 'concurrencyPolicy' && value === 'allow')));
  const { options: _options, ...rest } = flow;
  return Object.keys(kept).length === 0 ? rest : { ...rest, options: kept };
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

function findNode(model: FlowModel, change: NodeChange): FlowNode | undefined {
  return change.ref !== undefined ? model.nodes.find((n) => n.ref === change.ref) : model.nodes.find((n) => n.path.join('.') === change.path && n.kind === change.kind);
}

/** Compares the file's text with the platform's flow (already without platform fields). */
export function diffWithPlatform(fileText: string, givenPlatformFlow: Record<string, unknown>): FlowDiff {
  const platformFlow = withoutDefaultOptions(givenPlatformFlow);
  const platformText = flowText(platformFlow);
  let fileValue: unknown;
  try {
    fileValue = JSON.parse(fileText);
  } catch {
    fileValue = undefined;
  }
  const fileFlow = fileValue !== null && typeof fileValue === 'object' && !Array.isArray(fileValue) ? withoutDefaultOptions(flowOfPlatform(fileValue as Record<string, unknown>)) : undefined;
  const identical = fileFlow !== undefined && canonicalJson(fileFlow) === canonicalJson(platformFlow);
  // Both sides compared as the same canonical text, so that only meaning counts; a file that is not JSON as it is.
  const comparedFileText = fileFlow !== undefined ? flowText(fileFlow) : fileText;
  const summary = summarizeFlowChange(platformText, comparedFileText);
  const before = parseFlow(platformText);
  const after = parseFlow(comparedFileText);
  const nodes: NodeDiff[] = summary.nodes.map((change) => {
    if (change.change !== 'changed') return change;
    const old = findNode(before, change);
    const now = findNode(after, change);
    return old && now ? { ...change, fields: changedFieldPaths(ownValue(old), ownValue(now)) } : change;
  });
  const fileObject = fileFlow ?? {};
  // A section one side leaves out (options at their defaults) compares as empty, so the fields that differ are named.
  const orEmpty = (value: unknown, other: unknown): unknown => (value === undefined && other !== null && typeof other === 'object' && !Array.isArray(other) ? {} : value);
  const sections = summary.sections.flatMap((section) =>
    changedFieldPaths(orEmpty(platformFlow[section], fileObject[section]), orEmpty(fileObject[section], platformFlow[section]), 5).map((field) => (field === '(value)' ? section : `${section}.${field}`)),
  );
  // The summary reports only what a flow means; any other difference (e.g. a field it does not look at) still shows.
  if (!identical && nodes.length === 0 && summary.triggers.length === 0 && summary.arguments.length === 0 && sections.length === 0) {
    sections.push(...changedFieldPaths(platformFlow, fileObject, 5));
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
