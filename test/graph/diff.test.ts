import * as assert from 'node:assert/strict';
import { buildGraph } from '../../core/graph/build';
import { diffGraph, diffSummaryLine, describeChange, ghostId, type GraphDiff } from '../../core/graph/diff';
import type { FlowGraph } from '../../core/graph/types';
import { parseFlow } from '../../core/document/parse';
import { changedFieldPaths } from '../../core/document/versions';

type Step = Record<string, unknown>;
const flow = (steps: Step[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps } }, ...extra }, null, 2);
const build = (ref: string, branch = 'main'): Step => ({ kind: 'Build', ref, spec: { id: 'builder', branch } });
const parallel = (ref: string, steps: Step[]): Step => ({ kind: 'Workflow', ref, spec: { type: 'parallel', steps } });

function compare(before: string, after: string): { graph: FlowGraph; diff: GraphDiff } {
  const model = parseFlow(after);
  return diffGraph({ model, graph: buildGraph(model) }, parseFlow(before), 'HEAD');
}
/** `label:state` of every changed node, in drawing order. */
const states = ({ graph, diff }: { graph: FlowGraph; diff: GraphDiff }): string[] =>
  graph.nodes.filter((n) => diff.changes.has(n.id)).map((n) => `${n.label}:${diff.changes.get(n.id)?.state}`);
const childLabels = (graph: FlowGraph, label: string): string[] => {
  const node = graph.nodes.find((n) => n.label === label);
  assert.ok(node, label);
  return node.children.map((id) => graph.byId.get(id)?.label ?? '?');
};
const edgeLabels = (graph: FlowGraph, type: string): string[] =>
  graph.edges.filter((e) => e.type === type).map((e) => `${graph.byId.get(e.from)?.label}->${graph.byId.get(e.to)?.label}`);

describe('graph diff: what changed since another version, on the model', () => {
  it('finds nothing between a file and itself, whatever the key order or formatting', () => {
    const a = flow([build('a'), build('b')]);
    const reordered = JSON.stringify({ spec: { spec: { steps: [{ spec: { branch: 'main', id: 'builder' }, ref: 'a', kind: 'Build' }, build('b')], type: 'sequential' }, kind: 'Workflow' }, apiVersion: 'v1.2' });
    const result = compare(a, reordered);
    assert.equal(result.diff.changes.size, 0);
    assert.equal(diffSummaryLine(result.diff), 'No changes since HEAD');
  });

  it('marks added nodes and changed ones with the fields that differ', () => {
    const result = compare(flow([build('a'), build('b')]), flow([build('a', 'develop'), build('b'), build('c')]));
    assert.deepEqual(states(result), ['a:changed', 'c:added']);
    const a = result.graph.nodes.find((n) => n.label === 'a');
    assert.deepEqual(result.diff.changes.get(a?.id ?? '')?.fields, ['spec.branch']);
    assert.equal(diffSummaryLine(result.diff), '1 added, 1 changed since HEAD');
  });

  it('puts removed nodes back as ghosts where they were, with the order edges through them', () => {
    const result = compare(flow([build('a'), build('b'), build('c')]), flow([build('a'), build('c')]));
    assert.deepEqual(states(result), ['b:removed']);
    assert.deepEqual(childLabels(result.graph, 'Release flow'), ['a', 'b', 'c']);
    assert.deepEqual(edgeLabels(result.graph, 'next'), ['a->b', 'b->c']);
    const ghost = result.graph.nodes.find((n) => n.label === 'b');
    assert.ok(ghost?.id.startsWith('removed:'), 'a ghost never takes a live node id');
    assert.equal(ghost?.errors.length, 0);
  });

  it('ghosts a removed workflow with its steps inside it', () => {
    const result = compare(flow([build('a'), parallel('fan', [build('x'), build('y')])]), flow([build('a')]));
    assert.deepEqual(states(result), ['fan:removed', 'x:removed', 'y:removed']);
    assert.deepEqual(childLabels(result.graph, 'fan'), ['x', 'y']);
    assert.deepEqual(edgeLabels(result.graph, 'fork'), ['fan->x', 'fan->y']);
  });

  it('follows a node moved into another workflow by its ref, with where it came from', () => {
    const result = compare(flow([build('a'), parallel('fan', [build('x')]), build('m')]), flow([build('a'), parallel('fan', [build('x'), build('m')])]));
    assert.deepEqual(states(result), ['m:moved']);
    const m = result.graph.nodes.find((n) => n.label === 'm');
    const change = result.diff.changes.get(m?.id ?? '');
    assert.equal(change?.movedFrom, 'the flow, step 3');
    assert.deepEqual(describeChange(change!, 'HEAD'), ['Moved since HEAD, from the flow, step 3.']);
  });

  it('marks only the step that changed place when steps are reordered', () => {
    const result = compare(flow([build('a'), build('b'), build('c'), build('d')]), flow([build('b'), build('c'), build('d'), build('a')]));
    assert.deepEqual(states(result), ['a:moved']);
  });

  it('reports a moved node that also changed, with both facts', () => {
    const result = compare(flow([build('a'), build('b')]), flow([build('b'), build('a', 'x')]));
    const changed = [...result.diff.changes.values()];
    assert.equal(changed.length, 1);
    assert.deepEqual(describeChange(changed[0]!, 'HEAD'), ['Moved since HEAD, from the flow, step 1.', 'Also changed: spec.branch.']);
  });

  it('compares triggers by ref: added, changed and removed ones ghosted among the entries', () => {
    const before = flow([build('a')], { triggers: [{ ref: 'push', repoUrl: 'https://github.com/o/r', branchRestrictions: ['main'] }, { ref: 'old', repoUrl: 'https://github.com/o/r', prRestrictions: ['*'] }] });
    const after = flow([build('a')], { triggers: [{ ref: 'push', repoUrl: 'https://github.com/o/r', branchRestrictions: ['main', 'release/*'] }, { ref: 'new', repoUrl: 'https://github.com/o/r', branchRestrictions: ['x'] }] });
    const result = compare(before, after);
    assert.deepEqual(states(result), ['push:changed', 'old:removed', 'new:added']);
    assert.deepEqual(result.graph.sections[0]?.entries.map((id) => result.graph.byId.get(id)?.label), ['push', 'old', 'new', 'Webhook or manual run']);
    assert.ok(result.graph.sections[0]?.entries.includes(ghostId('trigger:1')));
  });

  it('compares against a version with no flow at all (a new file): everything is added', () => {
    const result = compare('', flow([build('a')]));
    assert.deepEqual(states(result), ['Release flow:added', 'a:added']);
  });

  it('keeps a removed teardown as a ghost section', () => {
    const result = compare(flow([build('a')], { teardownSpec: { spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'DeleteAddon', ref: 'gone', spec: { addonId: 'db' } }] } } } }), flow([build('a')]));
    assert.deepEqual(states(result), ['Teardown:removed', 'gone:removed']);
    assert.deepEqual(result.graph.sections.map((s) => s.title), ['Release flow', 'Teardown']);
  });
});

describe('changed field paths', () => {
  it('names the deepest fields that differ, ignoring key order, and marks a field gone or new', () => {
    assert.deepEqual(changedFieldPaths({ a: 1, b: { c: 2, d: [1, 2] } }, { b: { d: [1, 3], c: 2 }, a: 1 }), ['b.d.1']);
    assert.deepEqual(changedFieldPaths({ a: 1 }, { a: 1, n: null }), ['n']);
    assert.deepEqual(changedFieldPaths({ list: [1] }, { list: [1, 2] }), ['list']);
    assert.deepEqual(changedFieldPaths(1, 2), ['(value)']);
  });

  it('stops at the limit and says there were more', () => {
    const before = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const after = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i + 1]));
    const paths = changedFieldPaths(before, after, 5);
    assert.equal(paths.length, 6);
    assert.equal(paths[5], '…');
  });
});
