import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildGraph, dataEdges, flowNodeId, TEARDOWN_ID, WEBHOOK_ID } from '../../core/graph/build';
import type { FlowGraph, GraphEdge } from '../../core/graph/types';
import { parseFlow } from '../../core/document/parse';
import { updateFlow } from '../../core/document/incremental';

const examples = path.join(__dirname, '../../../examples');
const example = (name: string): FlowGraph => buildGraph(parseFlow(readFileSync(path.join(examples, `release-${name}.json`), 'utf8')));

/** `label` of each node, for readable assertions. */
const labels = (graph: FlowGraph, ids: string[]): string[] => ids.map((id) => graph.byId.get(id)?.label ?? `?${id}`);
const edges = (graph: FlowGraph, type: GraphEdge['type']): string[] =>
  graph.edges.filter((e) => e.type === type).map((e) => `${graph.byId.get(e.from)?.label} -> ${graph.byId.get(e.to)?.label}${e.label ? ` [${e.label}]` : ''}`);
const childrenOf = (graph: FlowGraph, label: string): string[] => {
  const node = graph.nodes.find((n) => n.label === label);
  assert.ok(node, `no node labelled ${label}`);
  return labels(graph, node.children);
};

describe('graph model', () => {
  it('development: trigger and webhook entries, a build then a parallel fan-out of two releases', () => {
    const graph = example('development');
    assert.deepEqual(graph.sections.map((s) => labels(graph, s.entries)), [['main-push', 'Webhook or manual run']]);
    assert.deepEqual(childrenOf(graph, 'Release flow'), ['build', 'Workflow']);
    assert.deepEqual(childrenOf(graph, 'Workflow'), ['deploy-api', 'deploy-migrate']);
    assert.deepEqual(edges(graph, 'entry'), ['main-push -> Release flow', 'Webhook or manual run -> Release flow']);
    assert.deepEqual(edges(graph, 'next'), ['build -> Workflow']);
    assert.deepEqual(edges(graph, 'fork'), ['Workflow -> deploy-api', 'Workflow -> deploy-migrate']);
    assert.deepEqual(edges(graph, 'join'), ['deploy-api -> Workflow', 'deploy-migrate -> Workflow']);
    assert.deepEqual(edges(graph, 'data'), ['main-push -> build [branch, sha]', 'build -> deploy-api [branch, id]', 'build -> deploy-migrate [branch, id]']);
    const trigger = graph.byId.get('trigger:0');
    assert.equal(trigger?.type, 'trigger');
    assert.equal(trigger?.summary, 'Push to main');
  });

  it('staging: nested parallel workflows, each a container of its own', () => {
    const graph = example('staging');
    assert.deepEqual(childrenOf(graph, 'Release flow'), ['Workflow', 'migrate']);
    assert.deepEqual(childrenOf(graph, 'Workflow'), ['promote-from-development', 'deploy-pinned-build']);
    assert.deepEqual(childrenOf(graph, 'promote-from-development'), ['promote-api', 'promote-migrate']);
    assert.deepEqual(childrenOf(graph, 'deploy-pinned-build'), ['deploy-api', 'deploy-migrate']);
    assert.deepEqual(edges(graph, 'next'), ['Workflow -> migrate']);
    assert.equal(edges(graph, 'fork').length, 6);
    assert.equal(edges(graph, 'join').length, 6);
    assert.deepEqual(labels(graph, graph.sections[0]!.entries), ['Webhook or manual run'], 'no Git trigger: only the webhook starts it');
    assert.equal(graph.byId.get(WEBHOOK_ID)?.summary, 'Arguments: PIN_BRANCH, PIN_BUILD_ID');
    const pinned = graph.nodes.find((n) => n.label === 'deploy-pinned-build');
    assert.equal(pinned?.skipWhen, "${fn.eq(args.PIN_BUILD_ID, '')}");
    assert.deepEqual(edges(graph, 'data'), [], 'args are not data edges');
  });

  it('production: a sequential chain of seven steps with its data dependencies', () => {
    const graph = example('production');
    const chain = ['backup', 'backup-done', 'promote-migrate', 'migrate', 'migrate-done', 'promote-api', 'notify'];
    assert.deepEqual(childrenOf(graph, 'Release flow'), chain);
    assert.deepEqual(edges(graph, 'next'), chain.slice(1).map((to, i) => `${chain[i]} -> ${to}`));
    assert.deepEqual(edges(graph, 'fork'), []);
    assert.deepEqual(edges(graph, 'data'), [
      'backup -> backup-done [id]',
      'backup -> migrate [id]',
      'migrate -> migrate-done [id]',
      'backup -> notify [id]',
      'migrate -> notify [id]',
    ]);
    assert.deepEqual(graph.nodes.filter((n) => n.type === 'step').map((n) => n.summary), [
      'Back up shop-db-prod (snapshot)',
      'Wait: shop-db-prod backup succeeds',
      'Promote shop-migrate-staging -> shop-migrate-prod',
      'Run shop-migrate-prod',
      'Wait: shop-migrate-prod run succeeds',
      'Promote shop-api-staging -> shop-api-prod',
      'Post to Slack (shop-releases)',
    ]);
  });

  it('leaves the data edges out on request, and finds the same ones on their own', () => {
    for (const name of ['development', 'staging', 'production']) {
      const model = parseFlow(readFileSync(path.join(examples, `release-${name}.json`), 'utf8'));
      const whole = buildGraph(model);
      const structure = buildGraph(model, [], { dataEdges: false });
      if (name === 'production') assert.ok(whole.edges.some((e) => e.type === 'data'), 'production has data edges');
      assert.deepEqual(structure.edges, whole.edges.filter((e) => e.type !== 'data'));
      assert.deepEqual(structure.nodes, whole.nodes);
      assert.deepEqual(dataEdges(model), whole.edges.filter((e) => e.type === 'data'));
    }
  });

  it('builds, from a version derived by edits, the graph a fresh parse gives (cards whose node is unchanged are reused)', () => {
    const text = readFileSync(path.join(examples, 'release-staging.json'), 'utf8');
    const edits: [string, string][] = [
      ['"sequential"', '"parallel"'],
      ['"kind": "Release"', '"kind": "Build"'],
      ['"steps": [', '"steps": [{"kind": "Approval", "ref": "ok", "spec": {"amount": 2}}, '],
      ['"spec": {', '"timeoutDuration": 90, "skipNodeExecution": "true", "spec": {'],
      ['"ref": "', '"ref": "renamed-'],
    ];
    let model = parseFlow(text);
    buildGraph(model);
    let current = text;
    for (const [from, to] of edits) {
      for (const next of [current.replace(from, to), current]) {
        model = updateFlow(model, next).model;
        const derived = buildGraph(model);
        const fresh = buildGraph(parseFlow(next));
        assert.deepEqual(derived.nodes, fresh.nodes, `after replacing ${from} by ${to}`);
      }
      current = current.replace(from, to);
      model = updateFlow(model, current).model;
      assert.deepEqual(buildGraph(model).nodes, buildGraph(parseFlow(current)).nodes, `kept ${to}`);
    }
  });

  it('gives every node a range to reveal, selecting its ref', () => {
    const text = readFileSync(path.join(examples, 'release-production.json'), 'utf8');
    const model = parseFlow(text);
    const graph = buildGraph(model);
    const migrate = graph.nodes.find((n) => n.ref === 'migrate');
    assert.ok(migrate);
    const lines = text.split('\n');
    const { start, end } = migrate.selectionRange;
    assert.equal(lines[start.line]?.slice(start.character, end.character), '"migrate"');
    assert.equal(lines[migrate.range.start.line]?.trim(), '{');
  });

  it('puts the teardown tree in a section of its own, and odd workflows without order edges', () => {
    const text = JSON.stringify({
      apiVersion: 'v1.2',
      spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Workflow', ref: 'odd', spec: { type: 'sideways', steps: [{ kind: 'Build', ref: 'x', spec: {} }, { kind: 'Build', ref: 'y', spec: {} }] } }, { kind: 'Nope', ref: 'z', spec: {} }] } },
      teardownSpec: { spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'OpenTofuDestroy', ref: 'destroy', spec: { nodeRef: 'infra' } }] } } },
    });
    const graph = buildGraph(parseFlow(text));
    assert.deepEqual(graph.sections.map((s) => s.title), ['Release flow', 'Teardown']);
    assert.deepEqual(labels(graph, graph.sections[1]!.entries), ['On teardown']);
    assert.deepEqual(edges(graph, 'entry'), ['Webhook or manual run -> Release flow', 'On teardown -> Teardown']);
    const odd = graph.nodes.find((n) => n.ref === 'odd');
    assert.equal(odd?.summary, 'Workflow with no valid type · 2 steps');
    const forks = graph.edges.filter((e) => (e.from === odd?.id || e.to === odd?.id) && (e.type === 'fork' || e.type === 'join'));
    assert.deepEqual(forks, [], 'an unknown type gives no order, so no fork or join edges');
    assert.equal(graph.nodes.find((n) => n.ref === 'z')?.summary, 'Unknown kind "Nope"');
    assert.equal(graph.nodes.find((n) => n.ref === 'destroy')?.summary, 'Destroy OpenTofu state of infra');
    assert.ok(graph.byId.has(TEARDOWN_ID));
  });

  it('attaches diagnostics to the innermost node they fall in, and the rest to the file', () => {
    const text = readFileSync(path.join(examples, 'release-production.json'), 'utf8');
    const model = parseFlow(text);
    const migrate = model.nodesByRef.get('migrate')![0]!;
    const graph = buildGraph(model, [
      { severity: 'error', message: 'bad job', span: { start: migrate.span.start + 5, end: migrate.span.start + 9 } },
      { severity: 'warning', message: 'hmm', span: migrate.refSpan! },
      { severity: 'info', message: 'ignored', span: migrate.refSpan! },
      { severity: 'error', message: 'top level', span: { start: 1, end: 2 } },
    ]);
    const node = graph.byId.get(flowNodeId(migrate));
    assert.deepEqual(node?.errors, ['bad job']);
    assert.deepEqual(node?.warnings, ['hmm']);
    assert.deepEqual(graph.otherErrors, ['top level']);
    assert.deepEqual(graph.byId.get(flowNodeId(model.rootNode!))?.errors, [], 'not on the enclosing workflow');
  });

  it('draws what parsed of a broken file and never throws on nonsense', () => {
    for (const text of ['', '[]', '{"spec": 3}', '{"spec": {"kind": "Workflow", "spec": {"type": "parallel", "steps": [{"kind": "Build"', 'null']) {
      const graph = buildGraph(parseFlow(text));
      assert.ok(graph.byId.has(WEBHOOK_ID), text);
    }
    const partial = buildGraph(parseFlow('{"spec": {"kind": "Workflow", "spec": {"type": "parallel", "steps": [{"kind": "Build", "ref": "b"'));
    assert.ok(partial.nodes.some((n) => n.ref === 'b'));
  });
});
