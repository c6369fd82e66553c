import * as assert from 'node:assert/strict';
import type { FlowModel, FlowNode } from '../../core/document/model';
import { availability, finishedBefore, nodeAtOffset } from '../../core/document/order';
import { MAX_JSON_DEPTH, parseFlow } from '../../core/document/parse';

const flow = (steps: unknown, type = 'sequential'): string =>
  JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', ref: 'root', spec: { type, steps } } }, null, 2);
const step = (ref: string, kind = 'Build'): unknown => ({ kind, ref, spec: {} });
const workflow = (ref: string, type: string, steps: unknown[]): unknown => ({ kind: 'Workflow', ref, spec: { type, steps } });
const byRef = (model: FlowModel, ref: string): FlowNode => model.nodesByRef.get(ref)![0]!;

describe('flow model', () => {
  const model = parseFlow(
    flow([
      step('a'),
      workflow('par', 'parallel', [step('b'), workflow('seq', 'sequential', [step('c'), step('d')])]),
      step('e'),
    ]),
  );

  it('lists nodes in document order with parents, paths and parent workflow types', () => {
    assert.deepEqual(model.nodes.map((n) => n.ref), ['root', 'a', 'par', 'b', 'seq', 'c', 'd', 'e']);
    const d = byRef(model, 'd');
    assert.equal(d.parent?.ref, 'seq');
    assert.equal(d.parentType, 'sequential');
    assert.equal(byRef(model, 'b').parentType, 'parallel');
    assert.deepEqual(d.path, ['spec', 'spec', 'steps', 1, 'spec', 'steps', 1, 'spec', 'steps', 1]);
    assert.equal(model.text.slice(d.refSpan!.start, d.refSpan!.end), '"d"');
    assert.equal(byRef(model, 'par').lastDescendant, byRef(model, 'd').index);
  });

  it('knows which nodes have finished before a node starts', () => {
    const names = (ref: string): (string | undefined)[] => finishedBefore(model, byRef(model, ref)).map((n) => n.ref);
    assert.deepEqual(names('a'), []);
    assert.deepEqual(names('b'), ['a']);
    assert.deepEqual(names('c'), ['a'], 'a parallel sibling (b) is never guaranteed');
    assert.deepEqual(names('d'), ['a', 'c']);
    assert.deepEqual(names('e'), ['a', 'par', 'b', 'seq', 'c', 'd']);
  });

  it('explains why a node is not available', () => {
    const of = (source: string, user: string): string => availability(byRef(model, source), byRef(model, user));
    assert.equal(of('a', 'e'), 'available');
    assert.equal(of('e', 'a'), 'later');
    assert.equal(of('b', 'c'), 'parallel');
    assert.equal(of('c', 'd'), 'available');
    assert.equal(of('a', 'a'), 'self');
    assert.equal(of('par', 'c'), 'encloses-use');
    assert.equal(of('c', 'par'), 'inside-use');
    assert.equal(of('d', 'e'), 'available');
  });

  it('models teardownSpec as a tree of its own that refs do not cross', () => {
    const m = parseFlow(
      JSON.stringify({
        apiVersion: 'v1.2',
        spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [step('main')] } },
        teardownSpec: { spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [step('t1'), step('t2')] } } },
      }),
    );
    assert.deepEqual(m.nodes.map((n) => [n.ref, n.tree]), [[undefined, 'spec'], ['main', 'spec'], [undefined, 'teardownSpec'], ['t1', 'teardownSpec'], ['t2', 'teardownSpec']]);
    assert.equal(m.teardownRootNode?.index, 2);
    assert.deepEqual(m.teardownRootNode?.path, ['teardownSpec', 'spec']);
    assert.equal(availability(byRef(m, 't1'), byRef(m, 't2')), 'available');
    assert.equal(availability(byRef(m, 'main'), byRef(m, 't2')), 'other-tree');
    assert.deepEqual(finishedBefore(m, byRef(m, 't2')).map((n) => n.ref), ['t1']);
    assert.equal(nodeAtOffset(m, byRef(m, 't2').span.start + 1)?.ref, 't2');
  });

  it('finds the innermost node at an offset', () => {
    const c = byRef(model, 'c');
    assert.equal(nodeAtOffset(model, c.span.start + 2)?.ref, 'c');
    assert.equal(nodeAtOffset(model, 0), undefined);
  });

  it('collects triggers, arguments, rich-input outputs and expression sites', () => {
    const text = JSON.stringify({
      apiVersion: 'v1.2',
      arguments: { ENV: 'dev', COUNT: 2 },
      triggers: [{ ref: 'push', vcsService: 'github', repoUrl: 'https://github.com/a/b' }],
      richInputs: [{ kind: 'BuildSelector', spec: { title: 'Build', inputs: { source: 'builder' }, outputs: { buildId: 'BUILD_ID' } } }],
      spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Build', ref: 'b', spec: { branch: '${refs.push.branch}', id: 'x-${args.ENV}' } }] } },
    });
    const m = parseFlow(text);
    assert.deepEqual(m.triggers.map((t) => t.ref), ['push']);
    assert.deepEqual([...m.arguments.keys()], ['ENV', 'COUNT']);
    assert.equal(m.arguments.get('COUNT')!.value, 2);
    assert.deepEqual(m.richInputOutputs.map((o) => [o.argName, o.output, o.richInputKind]), [['BUILD_ID', 'buildId', 'BuildSelector']]);
    assert.deepEqual(m.expressions.map((e) => [e.value, e.owner?.ref]), [['${refs.push.branch}', 'b'], ['x-${args.ENV}', 'b']]);
  });

  it('keeps a partial model of a broken document', () => {
    const broken = '{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [{"kind": "Build", "ref": "b"}, {"kind": "Rel';
    const m = parseFlow(broken);
    assert.ok(m.syntaxIssues.length > 0);
    assert.deepEqual(m.nodes.map((n) => n.kind), ['Workflow', 'Build', 'Rel'], 'the unterminated kind is kept as typed');
  });

  it('reports comments and trailing commas as the platform does', () => {
    const m = parseFlow('{\n  // note\n  "apiVersion": "v1.2",\n  "spec": {"kind": "Workflow", "spec": {"type": "parallel", "steps": [],},},\n}');
    assert.deepEqual(m.syntaxIssues.map((i) => i.code), ['json-comment', 'json-trailing-comma', 'json-trailing-comma', 'json-trailing-comma']);
    assert.equal(m.nodes.length, 1, 'the model is still built');
  });

  it('refuses absurd nesting with a clear issue instead of overflowing', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 10) + ']'.repeat(MAX_JSON_DEPTH + 10);
    const m = parseFlow(deep);
    assert.equal(m.syntaxIssues[0]?.code, 'json-too-deep');
    assert.equal(m.syntaxIssues[0]?.span.start, MAX_JSON_DEPTH);
  });

  it('ignores brackets inside strings when measuring depth', () => {
    const m = parseFlow(JSON.stringify({ apiVersion: 'v1.2', description: '['.repeat(5000) }));
    assert.deepEqual(m.syntaxIssues, []);
  });
});
