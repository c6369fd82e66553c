import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { METRICS } from './metrics';
import type { LayoutOptions } from './layout';
import { countDescendants, visibleAncestor } from './tree';
import type { Box, FlowGraph, GraphEdge, GraphLayout, GraphNode, PlacedEdge, PlacedNode, Point } from './types';

let engine: InstanceType<typeof ELK> | undefined;

/**
 * The data-edge view, laid out by elkjs's layered algorithm over the whole
 * nested graph at once (`hierarchyHandling: INCLUDE_CHILDREN`): unlike the
 * series-parallel pass it places nodes knowing the `${refs}` edges, so they
 * cross less, and routes every edge orthogonally around the cards. Workflows
 * stay containers; collapsed ones are single cards.
 */
export async function layoutWithElk(graph: FlowGraph, options: LayoutOptions = {}): Promise<GraphLayout> {
  const collapsed = options.collapsed ?? new Set<string>();
  const down = options.direction === 'down';
  const M = METRICS;
  const isOpen = (node: GraphNode): boolean => node.type === 'workflow' && !(node.children.length > 0 && collapsed.has(node.id));
  const drawn = new Set<string>();
  const hiddenCount = new Map<string, number>();

  const toElk = (node: GraphNode): ElkNode => {
    drawn.add(node.id);
    if (!isOpen(node)) {
      if (node.type === 'workflow') hiddenCount.set(node.id, countDescendants(graph, node));
      return { id: node.id, width: M.cardWidth, height: M.cardHeight };
    }
    const children = node.children.map((id) => toElk(graph.byId.get(id) as GraphNode));
    return {
      id: node.id,
      children,
      layoutOptions: {
        'elk.padding': `[top=${M.header + 8},left=${M.padding},bottom=${M.padding},right=${M.padding}]`,
        'elk.nodeSize.minimum': `(${M.cardWidth},${M.header + M.emptyHeight + M.padding})`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      },
    };
  };
  const children: ElkNode[] = [];
  for (const section of graph.sections) {
    for (const entry of section.entries) children.push(toElk(graph.byId.get(entry) as GraphNode));
    if (section.root !== undefined) children.push(toElk(graph.byId.get(section.root) as GraphNode));
  }

  // Order edges between a workflow and its own branches are drawn by ELK as edges from the container's inside.
  const edges: ElkExtendedEdge[] = [];
  const byElkId = new Map<string, GraphEdge>();
  for (const edge of graph.edges) {
    if (edge.type === 'data' && !options.dataEdges) continue;
    const isDrawn = (id: string): boolean => drawn.has(id);
    const from = edge.type === 'data' ? visibleAncestor(graph, edge.from, isDrawn) : edge.from;
    const to = edge.type === 'data' ? visibleAncestor(graph, edge.to, isDrawn) : edge.to;
    if (from === undefined || to === undefined || from === to || !drawn.has(from) || !drawn.has(to)) continue;
    const id = `e${edges.length}`;
    byElkId.set(id, from === edge.from && to === edge.to ? edge : { ...edge, from, to });
    edges.push({ id, sources: [from], targets: [to] });
  }

  engine ??= new ELK();
  const input: ElkNode = {
    id: '(root)',
    children,
    edges,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': down ? 'DOWN' : 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(M.gapFlow),
      'elk.spacing.nodeNode': String(M.gapCross),
      'elk.spacing.edgeNode': '12',
      'elk.spacing.edgeEdge': '8',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': `[top=${M.margin},left=${M.margin},bottom=${M.margin},right=${M.margin}]`,
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
  };
  const result: ElkNode = await engine.layout(input);

  const placed: PlacedNode[] = [];
  const visit = (elk: ElkNode): void => {
    const node = graph.byId.get(elk.id);
    if (node) {
      const box: Box = { x: elk.x ?? 0, y: elk.y ?? 0, width: elk.width ?? 0, height: elk.height ?? 0 };
      const hidden = hiddenCount.get(node.id);
      placed.push({ node, box, collapsed: hidden !== undefined, hidden: hidden ?? 0 });
    }
    for (const child of elk.children ?? []) visit(child);
  };
  for (const child of result.children ?? []) visit(child);

  const placedEdges: PlacedEdge[] = [];
  const collect = (elk: ElkNode): void => {
    for (const e of elk.edges ?? []) {
      const edge = byElkId.get(e.id);
      const section = e.sections?.[0];
      if (!edge || !section) continue;
      const points: Point[] = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      placedEdges.push({ edge, points, curve: false, arrow: edge.type !== 'join' });
    }
    for (const child of elk.children ?? []) collect(child);
  };
  collect(result);
  // Keep the paint order of the linear layout: structure first, data edges on top.
  placedEdges.sort((a, b) => Number(a.edge.type === 'data') - Number(b.edge.type === 'data'));
  return { graph, nodes: placed, edges: placedEdges, width: result.width ?? 0, height: result.height ?? 0, engine: 'elk', direction: down ? 'down' : 'right' };
}
