import type { JSONSchema } from 'vscode-json-languageservice';
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { RELEASE_FLOW_KINDS, TEARDOWN_ONLY_KINDS } from '../catalogue/kinds';
import type { FlowModel, FlowNode } from '../document/model';
import { nodeAtOffset } from '../document/order';
import { propertyNode } from '../document/parse';
import type { PipelineResourceType } from '../pipeline/description';
import { releaseFlowSchema } from '../schema/schema';
import { markdown } from './expressionCompletion';
import type { StageResources } from './pipelineIds';

/**
 * Snippets that insert a whole node, offered where a step goes in a
 * workflow's `steps`. Each starts from what the schema requires of its kind
 * (required fields, single enum values, the variant's discriminator) and adds
 * the fields a working node of that variant needs, with placeholders;
 * resource ids come from the pipeline description when there is one.
 */

/** A placeholder: a tab stop with a default text, or a choice. */
class Tab {
  constructor(
    readonly text: string,
    readonly choices: readonly string[] = [],
    /** Written without quotes: a number or a boolean. */
    readonly bare = false,
  ) {}
}
const FINAL = new Tab('');
type Value = string | number | boolean | Tab | Value[] | { [key: string]: Value };

interface Variant {
  label: string;
  kind: string;
  /** Base of the ref placeholder. */
  ref: string;
  /** Fields of the variant on top of what the schema requires; `spec` merges into the required spec. */
  fields: (ids: IdChoices) => Record<string, Value>;
}

interface IdChoices {
  /** A tab for a resource id of this stage (or the previous one), with the pipeline's ids as choices. */
  id(types: PipelineResourceType[], placeholder: string, previous?: boolean): Tab;
}

const choice = (...values: string[]): Tab => new Tab(values[0] ?? '', values);

const VARIANTS: Variant[] = [
  { label: 'Workflow (sequential)', kind: 'Workflow', ref: 'steps', fields: () => ({ spec: { type: 'sequential', steps: [FINAL] } }) },
  { label: 'Workflow (parallel)', kind: 'Workflow', ref: 'together', fields: () => ({ spec: { type: 'parallel', steps: [FINAL] } }) },
  {
    label: 'Release (build)',
    kind: 'Release',
    ref: 'release',
    fields: (ids) => ({
      spec: { type: 'build', origin: { id: new Tab('build-service'), branch: new Tab('main'), build: new Tab('latest') }, target: { id: ids.id(['service', 'job'], 'service-id'), type: choice('service', 'job') } },
      condition: 'running',
    }),
  },
  {
    label: 'Release (registry)',
    kind: 'Release',
    ref: 'release',
    fields: (ids) => ({
      spec: { type: 'registry', origin: { imagePath: new Tab('docker.io/library/nginx:latest') }, target: { id: ids.id(['service', 'job'], 'service-id'), type: choice('service', 'job') } },
    }),
  },
  {
    label: 'Release (deployment): promote from the previous stage',
    kind: 'Release',
    ref: 'promote',
    fields: (ids) => ({
      spec: {
        type: 'deployment',
        origin: { id: ids.id(['service', 'job'], 'previous-stage-id', true), type: choice('service', 'job') },
        target: { id: ids.id(['service', 'job'], 'service-id'), type: choice('service', 'job') },
      },
      condition: 'running',
    }),
  },
  { label: 'Build', kind: 'Build', ref: 'build', fields: () => ({ spec: { id: new Tab('build-service'), type: choice('service', 'job'), branch: new Tab('main') }, condition: 'success' }) },
  { label: 'JobRun', kind: 'JobRun', ref: 'run', fields: (ids) => ({ spec: { jobId: ids.id(['job'], 'job-id') }, condition: 'success' }) },
  { label: 'AddonBackup', kind: 'AddonBackup', ref: 'backup', fields: (ids) => ({ spec: { addonId: ids.id(['addon'], 'addon-id'), backupType: choice('snapshot', 'dump') }, condition: 'success' }) },
  { label: 'Action (restart a service)', kind: 'Action', ref: 'restart', fields: (ids) => ({ spec: { kind: 'Service', spec: { type: 'restart', data: { serviceId: ids.id(['service'], 'service-id') } } } }) },
  {
    label: 'Action (execute a command in a service)',
    kind: 'Action',
    ref: 'execute',
    fields: (ids) => ({ spec: { kind: 'Service', spec: { type: 'execute', data: { serviceId: ids.id(['service'], 'service-id'), command: new Tab('command') } } } }),
  },
  { label: 'Action (execute a command in a job)', kind: 'Action', ref: 'execute', fields: (ids) => ({ spec: { kind: 'Job', spec: { type: 'execute', data: { jobId: ids.id(['job'], 'job-id'), command: new Tab('command') } } } }) },
  { label: 'Action (restore a backup)', kind: 'Action', ref: 'restore', fields: (ids) => ({ spec: { kind: 'AddonBackup', spec: { type: 'restore', data: { addonId: ids.id(['addon'], 'addon-id'), backupId: new Tab('${refs.backup.id}') } } } }) },
  { label: 'Condition (service running)', kind: 'Condition', ref: 'wait', fields: (ids) => ({ spec: { kind: 'Service', spec: { type: 'running', data: { serviceId: ids.id(['service'], 'service-id'), timeoutDuration: 600 } } } }) },
  { label: 'Condition (job run succeeded)', kind: 'Condition', ref: 'wait', fields: (ids) => ({ spec: { kind: 'JobRun', spec: { type: 'success', data: { jobId: ids.id(['job'], 'job-id'), runId: new Tab('${refs.run.id}') } } } }) },
  { label: 'Condition (build succeeded)', kind: 'Condition', ref: 'wait', fields: () => ({ spec: { kind: 'Build', spec: { type: 'success', data: { buildId: new Tab('${refs.build.id}') } } } }) },
  { label: 'Condition (backup succeeded)', kind: 'Condition', ref: 'wait', fields: (ids) => ({ spec: { kind: 'AddonBackup', spec: { type: 'success', data: { addonId: ids.id(['addon'], 'addon-id'), backupId: new Tab('${refs.backup.id}') } } } }) },
  { label: 'Approval', kind: 'Approval', ref: 'approval', fields: () => ({ spec: { amount: new Tab('1', [], true) } }) },
  { label: 'Message (Slack)', kind: 'Message', ref: 'notify', fields: () => ({ spec: { kind: 'SLACK', spec: { integrationInternalId: new Tab('integration-id'), message: new Tab('Released ${args.RELEASE_NOTE}') } } }) },
  { label: 'RunTemplate', kind: 'RunTemplate', ref: 'template', fields: () => ({ spec: { templateType: choice('template', 'release-flow-template', 'workflow'), templateId: new Tab('template-id') }, condition: 'success' }) },
  { label: 'AddonImport', kind: 'AddonImport', ref: 'import', fields: (ids) => ({ spec: { addonId: ids.id(['addon'], 'addon-id'), importUrl: new Tab('https://') } }) },
  { label: 'LoopWorkflow', kind: 'LoopWorkflow', ref: 'loop', fields: () => ({ spec: { iterations: [{}], steps: [FINAL] } }) },
  { label: 'SecretInheritance', kind: 'SecretInheritance', ref: 'secrets', fields: () => ({ spec: { secrets: [new Tab('secret-group-id')] } }) },
  { label: 'RolloutStrategy', kind: 'RolloutStrategy', ref: 'rollout', fields: () => ({ spec: { name: new Tab('canary'), type: 'canary' } }) },
  { label: 'OpenTofuDestroy', kind: 'OpenTofuDestroy', ref: 'destroy', fields: () => ({ spec: { nodeRef: new Tab('opentofu-node-ref') } }) },
];

type SchemaObject = JSONSchema & { definitions?: Record<string, JSONSchema> };

function resolve(schema: JSONSchema | boolean | undefined): JSONSchema | undefined {
  if (typeof schema !== 'object') return undefined;
  const ref = schema.$ref;
  if (ref?.startsWith('#/definitions/')) return resolve((releaseFlowSchema as SchemaObject).definitions?.[ref.slice('#/definitions/'.length)]);
  return schema;
}

/**
 * What the schema requires of an object, given the values chosen so far: its
 * required properties, with defaults, including those of `if`/`then` branches
 * whose condition the chosen values meet.
 */
function requiredSkeleton(schema: JSONSchema | undefined, chosen: Record<string, Value>): Record<string, Value> {
  const result: Record<string, Value> = {};
  if (!schema) return result;
  const properties = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    const property = resolve(properties[key]);
    const value = chosen[key];
    if (value !== undefined && !(value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Tab))) {
      result[key] = value;
    } else {
      result[key] = defaultFor(property, (value as Record<string, Value> | undefined) ?? {});
    }
  }
  for (const branch of schema.allOf ?? []) {
    const condition = typeof branch === 'object' ? branch.if : undefined;
    if (typeof condition !== 'object' || typeof branch !== 'object') continue;
    const met = Object.entries(condition.properties ?? {}).every(([key, test]) => typeof test === 'object' && test.const !== undefined && chosen[key] === test.const);
    if (met) Object.assign(result, requiredSkeleton(resolve(branch.then), { ...chosen, ...result }));
  }
  return result;
}

function defaultFor(schema: JSONSchema | undefined, chosen: Record<string, Value>): Value {
  if (!schema) return new Tab('');
  if (schema.enum?.length === 1) return schema.enum[0] as Value;
  if (schema.enum && schema.enum.length > 1) return choice(...schema.enum.map(String));
  if (schema.type === 'object') return requiredSkeleton(schema, chosen);
  if (schema.type === 'array') return [];
  if (schema.type === 'boolean') return new Tab('true', ['true', 'false'], true);
  if (schema.type === 'integer' || schema.type === 'number') return new Tab(String(schema.minimum ?? 0), [], true);
  return new Tab('');
}

/** Deep merge: `extra` adds to and overrides `base`, keeping the schema's key order first. */
function merge(base: Record<string, Value>, extra: Record<string, Value>): Record<string, Value> {
  const result: Record<string, Value> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = result[key];
    const isPlain = (v: Value | undefined): v is Record<string, Value> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tab);
    result[key] = isPlain(existing) && isPlain(value) ? merge(existing, value) : value;
  }
  return result;
}

/** The node a variant inserts, as data with tabs: schema-required fields merged with the variant's. */
function nodeValue(variant: Variant, ref: string, ids: IdChoices): Record<string, Value> {
  const fields = variant.fields(ids);
  const schema = resolve({ $ref: `#/definitions/node.${variant.kind}` });
  const chosen = { kind: variant.kind, ...fields };
  const required = requiredSkeleton(schema, chosen);
  const spec = requiredSkeleton(resolve(schema?.properties?.spec), (fields.spec as Record<string, Value> | undefined) ?? {});
  return merge({ kind: variant.kind, ref: new Tab(ref), ...required, spec }, fields);
}

/** Serialises a value as indented JSON; tabs become numbered placeholders (or their default text without snippet support). */
function render(value: Record<string, Value>, indent: string, unit: string, snippets: boolean): string {
  let counter = 0;
  const escape = (text: string): string => text.replace(/[\\$]/g, (c) => `\\${c}`);
  const tab = (t: Tab, quoted: boolean): string => {
    if (t === FINAL) return snippets ? '$0' : '';
    const q = quoted ? '"' : '';
    if (!snippets) return `${q}${t.choices[0] ?? t.text}${q}`;
    counter++;
    if (t.choices.length > 1) return `${q}\${${counter}|${t.choices.map((c) => c.replace(/[\\,|$}]/g, (m) => `\\${m}`)).join(',')}|}${q}`;
    return `${q}\${${counter}:${t.text.replace(/[\\$}]/g, (m) => `\\${m}`)}}${q}`;
  };
  const write = (v: Value, level: string): string => {
    if (v instanceof Tab) return tab(v, !v.bare);
    if (Array.isArray(v)) {
      if (v.length === 1 && v[0] === FINAL) return `[${tab(FINAL, false)}]`;
      if (v.length === 0) return '[]';
      return `[\n${v.map((item) => `${level}${unit}${write(item, level + unit)}`).join(',\n')}\n${level}]`;
    }
    if (typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([k, item]) => `${level}${unit}${JSON.stringify(k)}: ${write(item, level + unit)}`).join(',\n')}\n${level}}`;
    }
    return snippets ? escape(JSON.stringify(v)) : JSON.stringify(v);
  };
  return write(value, indent);
}

/** Where a step can be inserted at `offset`: inside a workflow's steps, between items, or in an empty `{}` step. */
function insertionPoint(model: FlowModel, offset: number): { start: number; end: number; workflow: FlowNode } | undefined {
  const node = nodeAtOffset(model, offset);
  if (!node) return undefined;
  if (node.parent && node.json.children?.length === 0) return { start: node.span.start, end: node.span.end, workflow: node.parent };
  const steps = propertyNode(propertyNode(node.json, 'spec'), 'steps');
  if ((node.kind !== 'Workflow' && node.kind !== 'LoopWorkflow') || steps?.type !== 'array' || offset <= steps.offset || offset >= steps.offset + steps.length) return undefined;
  const insideItem = (steps.children ?? []).some((item) => offset > item.offset && offset < item.offset + item.length);
  return insideItem ? undefined : { start: offset, end: offset, workflow: node };
}

export function nodeSnippets(model: FlowModel, offset: number, resources: StageResources | undefined, snippets: boolean): CompletionItem[] {
  const point = insertionPoint(model, offset);
  if (!point) return [];
  const text = model.text;
  const lineStart = text.lastIndexOf('\n', point.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, point.start))?.[0] ?? '';
  const unit = /\n(\t| +)"/.exec(text)?.[1] ?? '  ';
  // Commas as the neighbours need them, so the array stays valid JSON.
  const before = /[^\s]\s*$/.exec(text.slice(Math.max(0, point.start - 200), point.start))?.[0]?.[0];
  const after = /^\s*([^\s])/.exec(text.slice(point.end, point.end + 200))?.[1];
  const prefix = point.start === point.end && before !== undefined && before !== '[' && before !== ',' ? ',' : '';
  const suffix = after === '{' ? ',' : '';
  const teardown = point.workflow.tree === 'teardownSpec';
  const taken = new Set<string>([...model.nodesByRef.keys(), ...model.triggers.map((t) => t.ref).filter((r): r is string => r !== undefined)]);
  const ids: IdChoices = {
    id: (types, placeholder, previous = false) => {
      const stage = previous ? resources?.previous : resources?.stage;
      const found = (stage?.resources ?? []).filter((r) => types.includes(r.type)).map((r) => r.id);
      return found.length > 0 ? choice(...found) : new Tab(placeholder);
    },
  };
  const range = model.lines.rangeOf({ start: point.start, end: point.end });
  return VARIANTS.filter((v) => teardown || !TEARDOWN_ONLY_KINDS.has(v.kind)).map((variant, i) => {
    const body = render(nodeValue(variant, uniqueRef(variant.ref, taken), ids), indent, unit, snippets);
    const item: CompletionItem = {
      label: variant.label,
      kind: CompletionItemKind.Snippet,
      detail: `${variant.kind} node`,
      documentation: markdown(RELEASE_FLOW_KINDS.get(variant.kind)?.summary ?? ''),
      filterText: `${variant.label} ${variant.kind}`,
      sortText: `~${String(i).padStart(3, '0')}`,
      textEdit: { range, newText: `${prefix}${body}${suffix}` },
    };
    if (snippets) item.insertTextFormat = InsertTextFormat.Snippet;
    return item;
  });
}

/** `base`, or `base-2`, `base-3`, ... whichever no node or trigger uses yet. */
export function uniqueRef(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
