import { METRICS } from './metrics';
import { routeEdges, type Sized } from './routes';
import { countDescendants } from './tree';
import type { Box, FlowGraph, GraphLayout, GraphNode, PlacedNode } from './types';

export { METRICS } from './metrics';

/** Which way the flow runs: `right` (steps left to right, branches stacked) or `down` (steps top to bottom, branches side by side). */
export type LayoutDirection = 'right' | 'down';

export interface LayoutOptions {
  /** Containers drawn closed. */
  collapsed?: ReadonlySet<string>;
  /** Include the `${refs}` data edges. */
  dataEdges?: boolean;
  direction?: LayoutDirection;
}

/**
 * Lays out a release-flow graph exactly, in time linear in its size.
 *
 * Without data edges the graph is series-parallel: a sequential workflow puts
 * its steps one after another along the flow, a parallel one puts its
 * branches side by side across it, so one bottom-up pass measures every
 * subtree and one top-down pass places it; there are no crossings to
 * minimise. Steps of a sequential workflow share the line their arrows run
 * on, so every chain reads straight. Data edges, when asked for, are drawn as
 * curves over these fixed positions.
 */
export function layoutGraph(graph: FlowGraph, options: LayoutOptions = {}): GraphLayout {
  return seriesParallel(graph, options, false);
}

/**
 * The width and height `layoutGraph` would give, from its measuring pass
 * alone (no placing, no edge routing): enough to choose a direction, for a
 * fraction of a layout. Data-edge curves, which may bow out a little past
 * the cards, are not counted.
 */
export function layoutExtent(graph: FlowGraph, options: LayoutOptions = {}): { width: number; height: number } {
  const { width, height } = seriesParallel(graph, options, true);
  return { width, height };
}

/** The layout; `sizeOnly`: measured, nothing placed or routed (its `nodes` and `edges` are empty). */
function seriesParallel(graph: FlowGraph, options: LayoutOptions, sizeOnly: boolean): GraphLayout {
  const collapsed = options.collapsed ?? new Set<string>();
  const down = options.direction === 'down';
  const M = METRICS;
  const sizes = new Map<string, Sized>();
  const boxes = new Map<string, Box>();
  const placed: PlacedNode[] = [];
  const isClosed = (node: GraphNode): boolean => node.type === 'workflow' && node.children.length > 0 && collapsed.has(node.id);
  const card: Sized = { width: M.cardWidth, height: M.cardHeight, anchor: down ? M.cardWidth / 2 : M.cardHeight / 2 };
  const sizeOf = (id: string): Sized => sizes.get(id) as Sized;
  const nodeOf = (id: string): GraphNode => graph.byId.get(id) as GraphNode;

  const measure = (node: GraphNode): Sized => {
    let size: Sized;
    if (node.type !== 'workflow' || isClosed(node)) {
      size = card;
    } else if (node.children.length === 0) {
      const width = Math.max(M.cardWidth, M.emptyWidth + 2 * M.padding);
      size = { width, height: M.header + M.emptyHeight + M.padding, anchor: down ? width / 2 : M.header + M.emptyHeight / 2 };
    } else {
      const children = node.children.map((id) => measure(nodeOf(id)));
      const sum = (f: (c: Sized) => number, gap: number): number => children.reduce((total, c) => total + f(c), 0) + gap * (children.length - 1);
      const max = (f: (c: Sized) => number): number => Math.max(...children.map(f));
      const sequential = node.workflowType === 'sequential';
      if (!down && sequential) {
        const line = max((c) => c.anchor);
        const below = max((c) => c.height - c.anchor);
        size = { width: sum((c) => c.width, M.gapFlow) + 2 * M.padding, height: M.header + line + below + M.padding, anchor: M.header + line };
      } else if (!down) {
        const inner = sum((c) => c.height, M.gapCross);
        size = { width: max((c) => c.width) + 2 * (M.padding + M.lane), height: M.header + inner + M.padding, anchor: M.header + inner / 2 };
      } else if (sequential) {
        const line = max((c) => c.anchor);
        const after = max((c) => c.width - c.anchor);
        size = { width: line + after + 2 * M.padding, height: M.header + sum((c) => c.height, M.gapFlow) + M.padding, anchor: M.padding + line };
      } else {
        const inner = sum((c) => c.width, M.gapCross);
        size = { width: inner + 2 * M.padding, height: M.header + 2 * M.lane + max((c) => c.height) + M.padding, anchor: M.padding + inner / 2 };
      }
    }
    sizes.set(node.id, size);
    return size;
  };

  const place = (node: GraphNode, x: number, y: number): void => {
    if (sizeOnly) return;
    const size = sizeOf(node.id);
    const box = { x, y, width: size.width, height: size.height };
    boxes.set(node.id, box);
    const closed = isClosed(node);
    const entry: PlacedNode = { node, box, collapsed: closed, hidden: closed ? countDescendants(graph, node) : 0 };
    placed.push(entry);
    if (closed || node.type !== 'workflow' || node.children.length === 0) return;
    const sequential = node.workflowType === 'sequential';
    let cursor = down ? (sequential ? y + M.header : x + M.padding) : sequential ? x + M.padding : y + M.header;
    for (const id of node.children) {
      const c = sizeOf(id);
      if (!down && sequential) place(nodeOf(id), cursor, y + size.anchor - c.anchor);
      else if (!down) place(nodeOf(id), x + M.padding + M.lane, cursor);
      else if (sequential) place(nodeOf(id), x + size.anchor - c.anchor, cursor);
      else place(nodeOf(id), cursor, y + M.header + M.lane);
      cursor += (down === sequential ? c.height : c.width) + (sequential ? M.gapFlow : M.gapCross);
    }
  };

  // Each section: its entries before the root workflow, centred on the line it is entered on.
  let along = M.margin;
  let extent = 0;
  for (const section of graph.sections) {
    const root = section.root === undefined ? undefined : nodeOf(section.root);
    const rootSize = root ? measure(root) : { width: 0, height: 0, anchor: 0 };
    const entries = section.entries.map(nodeOf);
    for (const entry of entries) sizes.set(entry.id, card);
    const entrySide = down ? M.cardWidth : M.cardHeight;
    const row = entries.length * entrySide + Math.max(0, entries.length - 1) * M.gapCross;
    const rootStart = along + Math.max(0, row / 2 - rootSize.anchor);
    let entryStart = rootStart + rootSize.anchor - row / 2;
    for (const entry of entries) {
      if (down) place(entry, entryStart, M.margin);
      else place(entry, M.margin, entryStart);
      entryStart += entrySide + M.gapCross;
    }
    const offset = M.margin + (entries.length > 0 ? (down ? M.cardHeight : M.cardWidth) + M.entryGap : 0);
    if (root) {
      if (down) place(root, rootStart, offset);
      else place(root, offset, rootStart);
    }
    const rootLength = down ? rootSize.height : rootSize.width;
    const rootBreadth = down ? rootSize.width : rootSize.height;
    extent = Math.max(extent, offset + rootLength, M.margin + (down ? M.cardHeight : M.cardWidth));
    along = Math.max(rootStart + rootBreadth, entryStart - M.gapCross) + M.sectionGap;
  }

  const edges = sizeOnly ? [] : routeEdges(graph, boxes, sizes, { dataEdges: options.dataEdges === true, down });
  let width = down ? along - M.sectionGap : extent;
  let height = down ? extent : along - M.sectionGap;
  // Data curves bow out beside the flow; the drawing must hold them.
  for (const e of edges) {
    for (const p of e.points) {
      width = Math.max(width, p.x);
      height = Math.max(height, p.y);
    }
  }
  return { graph, nodes: placed, edges, width: width + M.margin, height: height + M.margin, engine: 'series-parallel', direction: down ? 'down' : 'right' };
}
