import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildGraph } from '../../core/graph/build';
import { escapeMermaid, toMermaid } from '../../core/graph/mermaid';
import { parseFlow } from '../../core/document/parse';
import { hostileFlow } from './fixtures';

const examples = path.join(__dirname, '../../../examples');

describe('Mermaid export', () => {
  it('writes workflows as subgraphs, steps as nodes, order and data edges as arrows', () => {
    const graph = buildGraph(parseFlow(readFileSync(path.join(examples, 'release-development.json'), 'utf8')));
    const lines = toMermaid(graph, { dataEdges: true }).split('\n');
    assert.equal(lines[0], 'flowchart LR');
    const id = (label: string): string => `n${graph.nodes.findIndex((n) => n.label === label)}`;
    assert.ok(lines.includes(`  ${id('main-push')}(["main-push<br/>Push to main"])`), 'a trigger is a stadium-shaped entry');
    assert.ok(lines.includes(`  subgraph ${id('Release flow')}["Release flow · Sequential · 2 steps"]`));
    assert.ok(lines.includes(`    subgraph ${id('Workflow')}["Workflow · Parallel · 2 steps"]`));
    assert.ok(lines.includes('      direction TB'), 'parallel branches stack');
    assert.ok(lines.includes(`      ${id('deploy-api')}["deploy-api<br/>Deploy shop-builder (build \${refs.build.id}) -#62; shop-api-dev"]`));
    assert.ok(lines.includes(`  ${id('build')} --> ${id('Workflow')}`));
    assert.ok(lines.includes(`  ${id('main-push')} --> ${id('Release flow')}`));
    assert.ok(lines.includes(`  ${id('build')} -.->|"branch, id"| ${id('deploy-api')}`));
    assert.equal(lines.filter((l) => l.trim() === 'end').length, 2, 'every subgraph is closed');
    assert.ok(!toMermaid(graph).includes('-.->'), 'data edges only when asked');
  });

  it('escapes names so that Mermaid sees no syntax in them', () => {
    assert.equal(escapeMermaid('a"b<c>|d[e] #1 `x`'), 'a#34;b#60;c#62;#124;d[e] #35;1 #96;x#96;');
    const out = toMermaid(buildGraph(parseFlow(hostileFlow())), { dataEdges: true });
    for (const line of out.split('\n')) {
      const label = /\["(.*)"\]/.exec(line)?.[1] ?? /\(\["(.*)"\]\)/.exec(line)?.[1];
      if (label !== undefined) assert.ok(!/["<>]/.test(label.replace(/<br\/>/g, '')), `label still has syntax: ${line}`);
    }
    assert.ok(!out.includes('<script'));
  });

  it('marks nodes with errors and warnings', () => {
    const text = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Build', ref: 'a', spec: {} }] } } });
    const model = parseFlow(text);
    const a = model.nodesByRef.get('a')![0]!;
    const graph = buildGraph(model, [{ severity: 'error', message: 'x', span: a.refSpan! }]);
    assert.match(toMermaid(graph), new RegExp(`class n${graph.nodes.findIndex((n) => n.ref === 'a')} error;`));
  });
});
