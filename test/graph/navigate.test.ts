import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildGraph } from '../../core/graph/build';
import { layoutGraph } from '../../core/graph/layout';
import { firstNode, neighbour, type Direction } from '../../core/graph/navigate';
import { parseFlow } from '../../core/document/parse';

const text = readFileSync(path.join(__dirname, '../../../examples/release-development.json'), 'utf8');
const graph = buildGraph(parseFlow(text));
const label = (id: string | undefined): string | undefined => (id === undefined ? undefined : graph.byId.get(id)?.label);
const idOf = (name: string): string => graph.nodes.find((n) => n.label === name)!.id;

describe('keyboard navigation', () => {
  it('follows the flow left to right and moves between parallel branches up and down', () => {
    const layout = layoutGraph(graph, { direction: 'right' });
    const move = (from: string, direction: Direction): string | undefined => label(neighbour(layout, idOf(from), direction));
    assert.equal(label(firstNode(layout)), 'main-push');
    assert.equal(move('main-push', 'down'), 'Webhook or manual run');
    assert.equal(move('Webhook or manual run', 'up'), 'main-push');
    assert.equal(move('build', 'right'), 'deploy-api');
    assert.equal(move('deploy-api', 'down'), 'deploy-migrate');
    assert.equal(move('deploy-migrate', 'left'), 'build');
    assert.equal(move('deploy-api', 'right'), undefined, 'nothing further right');
    assert.equal(move('deploy-api', 'up'), 'Workflow', 'up from the first branch reaches its workflow');
  });

  it('follows the flow top to bottom when it runs downwards', () => {
    const layout = layoutGraph(graph, { direction: 'down' });
    assert.equal(label(neighbour(layout, idOf('build'), 'down')), 'Workflow');
    assert.equal(label(neighbour(layout, idOf('deploy-api'), 'right')), 'deploy-migrate');
  });
});
