/**
 * Inline fixtures for validator tests (architecture practice 7): build a flow
 * from a compact description, run ONE validator on it, and compare diagnostics
 * as (code, severity, covered text) tuples, where the covered text is exactly
 * the characters the diagnostic's span flags: no cursor markers, no offsets.
 */
import * as assert from 'node:assert/strict';
import type { FlowDiagnostic, Severity, Validator } from '../../core/validation/diagnostics';
import { parseFlow } from '../../core/document/parse';
import type { PipelineDescription, PipelineResource } from '../../core/pipeline/description';
import { runCoreValidators } from '../../core/validation/validate';
import { generateFlow } from '../bench/generate';

type Json = Record<string, unknown>;

/** A compact description of a release flow; everything is optional. */
export interface FlowShape {
  /** Steps of the root Workflow (`spec.spec.steps`). */
  steps?: unknown[];
  /** Type of the root Workflow; `sequential` unless given. */
  type?: string;
  /** `ref` of the root Workflow. */
  rootRef?: string;
  arguments?: Json;
  argumentOverrides?: Json;
  triggers?: unknown[];
  richInputs?: unknown[];
  gitops?: Json;
  /** Steps of the `teardownSpec` root Workflow (sequential). */
  teardown?: unknown[];
  /** Further top-level fields (name, description, options, ...), written after apiVersion. */
  top?: Json;
}

/** The flow as a JSON document pretty-printed with a 2-space indent. */
export function flow(shape: FlowShape = {}): string {
  const doc: Json = { apiVersion: 'v1.2', ...shape.top };
  if (shape.arguments !== undefined) doc.arguments = shape.arguments;
  if (shape.argumentOverrides !== undefined) doc.argumentOverrides = shape.argumentOverrides;
  if (shape.triggers !== undefined) doc.triggers = shape.triggers;
  if (shape.richInputs !== undefined) doc.richInputs = shape.richInputs;
  if (shape.gitops !== undefined) doc.gitops = shape.gitops;
  doc.spec = workflow(shape.rootRef, shape.type ?? 'sequential', shape.steps ?? []);
  if (shape.teardown !== undefined) doc.teardownSpec = { spec: workflow(undefined, 'sequential', shape.teardown) };
  return JSON.stringify(doc, null, 2);
}

/** A node: `{ kind, ref?, spec, ...extra }` (extra = skipNodeExecution, condition, ...). */
export function node(kind: string, ref?: string, spec: Json = {}, extra: Json = {}): Json {
  return ref === undefined ? { kind, spec, ...extra } : { kind, ref, spec, ...extra };
}

export function workflow(ref: string | undefined, type: string, steps: unknown[], extra: Json = {}): Json {
  return node('Workflow', ref, { type, steps }, extra);
}

/** A Build node whose spec holds `fields` (handy carrier for expressions). */
export function build(ref: string | undefined, fields: Json = {}): Json {
  return node('Build', ref, { id: 'api-builder', type: 'service', branch: 'main', ...fields });
}

/** A Git trigger. */
export function trigger(ref: string, extra: Json = {}): Json {
  return { ref, vcsService: 'github', repoUrl: 'https://github.com/acme/api', branchRestrictions: ['main'], ...extra };
}

/** A pipeline description: stage name -> resources. */
export function pipeline(stages: Record<string, PipelineResource[]>): PipelineDescription {
  return { name: 'acme', stages: Object.entries(stages).map(([name, resources], index) => ({ name, index, resources })) };
}

export interface RunOptions {
  repoPath?: string;
  fileName?: string;
  pipeline?: PipelineDescription;
}

/** Runs exactly one validator, as `validateFlow` would, on a freshly parsed model. */
export function run(validator: Validator, text: string, options: RunOptions = {}): FlowDiagnostic[] {
  const model = parseFlow(text);
  return runCoreValidators({ model, repoPath: options.repoPath, fileName: options.fileName, pipeline: options.pipeline }, [validator]);
}

export type DiagnosticTuple = [code: string, severity: Severity, covered: string];

export interface ExpectedDiagnostic {
  tuple: DiagnosticTuple;
  /** Every pattern must match the message. */
  message: RegExp[];
}

/** Expected diagnostic: code, severity, the exact text it covers, and optional message patterns. */
export function diag(code: string, severity: Severity, covered: string, ...message: RegExp[]): ExpectedDiagnostic {
  return { tuple: [code, severity, covered], message };
}

export function covered(text: string, d: FlowDiagnostic): string {
  return text.slice(d.span.start, d.span.end);
}

/** Diagnostics in document order (then by end, then code), so expectations read top to bottom. */
export function inOrder(diagnostics: readonly FlowDiagnostic[]): FlowDiagnostic[] {
  return [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

export function tuples(text: string, diagnostics: readonly FlowDiagnostic[]): DiagnosticTuple[] {
  return inOrder(diagnostics).map((d) => [d.code, d.severity, covered(text, d)]);
}

/** Asserts the diagnostics are exactly `expected`, in document order, with matching messages. */
export function assertDiagnostics(text: string, actual: readonly FlowDiagnostic[], expected: readonly ExpectedDiagnostic[]): void {
  const sorted = inOrder(actual);
  assert.deepEqual(tuples(text, sorted), expected.map((e) => e.tuple), `diagnostics: ${JSON.stringify(sorted.map((d) => d.message), null, 1)}`);
  expected.forEach((e, i) => {
    const message = (sorted[i] as FlowDiagnostic).message;
    for (const pattern of e.message) assert.match(message, pattern, `message of ${e.tuple[0]} at '${e.tuple[2]}'`);
  });
}

/** Runs `validator` on `text` and asserts its diagnostics; returns them (in document order) for further checks. */
export function check(validator: Validator, text: string, expected: readonly ExpectedDiagnostic[], options: RunOptions = {}): FlowDiagnostic[] {
  const diagnostics = run(validator, text, options);
  assertDiagnostics(text, diagnostics, expected);
  return inOrder(diagnostics);
}

/** Shorthand for a near miss: the validator must say nothing at all. */
export function clean(validator: Validator, text: string, options: RunOptions = {}): void {
  check(validator, text, [], options);
}

/** 1-based line of a diagnostic, for the rare case where the same text is covered twice. */
export function lineOf(text: string, d: FlowDiagnostic): number {
  return text.slice(0, d.span.start).split('\n').length;
}

const TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;

/**
 * A generated flow with findings of every node-local rule in many nodes (and
 * at the top level and in the teardown tree), so that a wrong cache key, a
 * finding left at its old place or one kept after its cause went shows up.
 */
export function flowWithLocalFindings(): string {
  let text = generateFlow(80, 7);
  let n = 0;
  // Every other Build gets a pull request as well as a branch; every third Release a timeout out of range.
  text = text.replace(/"reuseExistingBuilds": true/g, (found) => (n++ % 2 === 0 ? `${found}, "pullRequestId": 7` : found));
  text = text.replace(/"timeoutDuration": (\d+)/g, (found) => (n++ % 3 === 0 ? '"timeoutDuration": 5' : found));
  text = text.replace(/"skipNodeExecution": "[^"]*"/g, (found) => (n++ % 4 === 0 ? '"skipNodeExecution": "maybe"' : found));
  text = text.replace(/"RELEASE_NAME": "/g, (found) => (n++ % 2 === 0 ? `${found}${TOKEN} ` : found));
  text = text.replace(/fn\.toUpper\(/g, (found) => (n++ % 3 === 0 ? 'fn.toupper(' : found));
  const backups = ['"BACKUP_ID": "${ref.', '"BACKUP_ID": "${template.refs.'];
  text = text.replace(/"BACKUP_ID": "\$\{refs\./g, (found) => backups[n++ % 3] ?? found);
  const teardown = `"teardownSpec": { "spec": { "kind": "Workflow", "spec": { "type": "sequential", "steps": [
    { "kind": "Build", "ref": "td-build", "spec": { "id": "x", "type": "service", "branch": "${TOKEN}" } },
    { "kind": "Message", "ref": "td-note", "spec": { "text": "\${fn.nope()}" } } ] } } },
  "argumentOverrides": { "TOKEN": "x" },`;
  return text.replace('"options": {', `${teardown}\n  "options": {`);
}
