import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { arrangeGraph, drawnNodeCount } from '../../core/graph/arrange';
import { buildGraph } from '../../core/graph/build';
import { layoutWithElk } from '../../core/graph/elkLayout';
import { layoutExtent, layoutGraph, METRICS, type LayoutDirection } from '../../core/graph/layout';
import type { Box, FlowGraph, GraphLayout } from '../../core/graph/types';
import { parseFlow } from '../../core/document/parse';

const examples = path.join(__dirname, '../../../examples');
const exampleGraph = (name: string): FlowGraph => buildGraph(parseFlow(readFileSync(path.join(examples, `release-${name}.json`), 'utf8')));

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - 0.01 && inner.y >= outer.y - 0.01 && inner.x + inner.width <= outer.x + outer.width + 0.01 && inner.y + inner.height <= outer.y + outer.height + 0.01;
const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width - 0.01 && b.x < a.x + a.width - 0.01 && a.y < b.y + b.height - 0.01 && b.y < a.y + a.height - 0.01;

/** Invariants every layout keeps, whichever engine made it. Returns the boxes by id. */
function checkInvariants(layout: GraphLayout, direction: LayoutDirection): Map<string, Box> {
  const { graph } = layout;
  const boxes = new Map(layout.nodes.map((n) => [n.node.id, n.box]));
  const ancestors = (id: string): Set<string> => {
    const result = new Set<string>();
    for (let p = graph.byId.get(id)?.parent; p !== undefined; p = graph.byId.get(p)?.parent) result.add(p);
    return result;
  };
  for (const placed of layout.nodes) {
    const { box, node } = placed;
    assert.ok(box.width > 0 && box.height > 0, `${node.id} has a size`);
    assert.ok(inside(box, { x: 0, y: 0, width: layout.width, height: layout.height }), `${node.id} is inside the drawing`);
    if (node.parent !== undefined) {
      const parent = boxes.get(node.parent);
      assert.ok(parent, `${node.id}'s container is drawn`);
      assert.ok(inside(box, parent), `${node.id} lies inside its container`);
      assert.ok(box.y >= parent.y + METRICS.header - 0.01, `${node.id} is below its container's title bar`);
    }
  }
  // No two cards overlap, nor two containers unless one holds the other.
  for (let i = 0; i < layout.nodes.length; i++) {
    for (let j = i + 1; j < layout.nodes.length; j++) {
      const a = layout.nodes[i]!;
      const b = layout.nodes[j]!;
      if (ancestors(a.node.id).has(b.node.id) || ancestors(b.node.id).has(a.node.id)) continue;
      assert.ok(!overlap(a.box, b.box), `${a.node.id} and ${b.node.id} overlap`);
    }
  }
  // Steps of a sequential workflow follow each other along the flow.
  for (const placed of layout.nodes) {
    const node = placed.node;
    if (node.workflowType !== 'sequential' || placed.collapsed) continue;
    for (let i = 1; i < node.children.length; i++) {
      const a = boxes.get(node.children[i - 1]!)!;
      const b = boxes.get(node.children[i]!)!;
      if (direction === 'right') assert.ok(a.x + a.width < b.x, `${node.children[i - 1]} is left of ${node.children[i]}`);
      else assert.ok(a.y + a.height < b.y, `${node.children[i - 1]} is above ${node.children[i]}`);
    }
  }
  // Entries come before the workflow they start.
  for (const section of graph.sections) {
    const root = section.root === undefined ? undefined : boxes.get(section.root);
    for (const entry of section.entries) {
      const e = boxes.get(entry)!;
      if (root) assert.ok(direction === 'right' ? e.x + e.width < root.x : e.y + e.height < root.y, `${entry} comes before its workflow`);
    }
  }
  return boxes;
}

describe('graph layout', () => {
  for (const name of ['development', 'staging', 'production']) {
    for (const direction of ['right', 'down'] as const) {
      it(`${name}, flowing ${direction}: cards apart, steps in order, children inside containers, chains straight`, () => {
        const layout = layoutGraph(exampleGraph(name), { direction, dataEdges: true });
        const boxes = checkInvariants(layout, direction);
        assert.equal(layout.nodes.length, layout.graph.nodes.length, 'everything is drawn');
        for (const placed of layout.edges) {
          const first = placed.points[0]!;
          const last = placed.points[placed.points.length - 1]!;
          if (placed.edge.type === 'next') {
            // Steps of one chain share a flow line, so the arrow between them is straight.
            assert.equal(placed.points.length, 2, `${placed.edge.id} is straight`);
            assert.equal(direction === 'right' ? first.y : first.x, direction === 'right' ? last.y : last.x);
          }
          if (placed.edge.type === 'fork') {
            const child = boxes.get(placed.edge.to)!;
            assert.deepEqual(direction === 'right' ? last.x : last.y, direction === 'right' ? child.x : child.y, 'a fork line ends at the branch');
          }
        }
      });

      it(`${name}, flowing ${direction}, with elkjs and data edges: the same invariants`, async () => {
        const layout = await layoutWithElk(exampleGraph(name), { direction, dataEdges: true });
        assert.equal(layout.engine, 'elk');
        checkInvariants(layout, direction);
        assert.equal(layout.edges.filter((e) => e.edge.type === 'data').length, layout.graph.edges.filter((e) => e.type === 'data').length);
      });
    }
  }

  it('folds a workflow into one card and moves its data edges to the fold', () => {
    const graph = exampleGraph('development');
    const parallel = graph.nodes.find((n) => n.workflowType === 'parallel')!;
    const layout = layoutGraph(graph, { collapsed: new Set([parallel.id]), dataEdges: true });
    checkInvariants(layout, 'right');
    const fold = layout.nodes.find((n) => n.node.id === parallel.id)!;
    assert.equal(fold.collapsed, true);
    assert.equal(fold.hidden, 2);
    assert.deepEqual([fold.box.width, fold.box.height], [METRICS.cardWidth, METRICS.cardHeight]);
    assert.ok(!layout.nodes.some((n) => n.node.parent === parallel.id), 'its steps are hidden');
    const data = layout.edges.filter((e) => e.edge.type === 'data').map((e) => `${graph.byId.get(e.edge.from)!.label} -> ${graph.byId.get(e.edge.to)!.label}`);
    assert.deepEqual(data, ['main-push -> build', 'build -> Workflow'], 'two edges into the fold become one');
    assert.equal(drawnNodeCount(graph, new Set([parallel.id])), graph.nodes.length - 2);
  });

  it('uses elkjs only for the data-edge view of graphs it can lay out quickly', async () => {
    const graph = exampleGraph('production');
    assert.equal((await arrangeGraph(graph, {})).engine, 'series-parallel');
    assert.equal((await arrangeGraph(graph, { dataEdges: true })).engine, 'elk');
  });

  it('keeps the invariants on any nesting of workflows (property)', () => {
    interface Tree { kind: 'step' | 'sequential' | 'parallel'; children: Tree[] }
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant<Tree>({ kind: 'step', children: [] }),
        fc.record({ kind: fc.constantFrom<'sequential' | 'parallel'>('sequential', 'parallel'), children: fc.array(tie('node'), { maxLength: 4 }) }),
      ),
    })).node;
    let counter = 0;
    const toJson = (t: Tree): unknown =>
      t.kind === 'step' ? { kind: 'Build', ref: `s${counter++}`, spec: { id: 'b', branch: '${refs.s0.branch}' } } : { kind: 'Workflow', spec: { type: t.kind, steps: t.children.map(toJson) } };
    fc.assert(
      fc.property(tree, fc.boolean(), fc.constantFrom<LayoutDirection>('right', 'down'), (root, collapseFirst, direction) => {
        counter = 0;
        const spec = root.kind === 'step' ? { kind: 'Workflow', spec: { type: 'sequential', steps: [toJson(root)] } } : toJson(root);
        const graph = buildGraph(parseFlow(JSON.stringify({ apiVersion: 'v1.2', triggers: [{ ref: 't' }], spec })));
        const nested = graph.nodes.find((n) => n.type === 'workflow' && n.parent !== undefined && n.children.length > 0);
        const collapsed = new Set(collapseFirst && nested ? [nested.id] : []);
        checkInvariants(layoutGraph(graph, { direction, collapsed, dataEdges: true }), direction);
        // The measuring pass alone gives the layout's size (without data edges, whose curves it does not count).
        const structure = layoutGraph(graph, { direction, collapsed });
        assert.deepEqual(layoutExtent(graph, { direction, collapsed }), { width: structure.width, height: structure.height });
      }),
      { numRuns: 150 },
    );
  });
});
