import { METRICS } from './metrics';
import { visibleAncestor } from './tree';
import type { Box, FlowGraph, GraphEdge, PlacedEdge, Point } from './types';

/** A measured subtree: its size, and where across the flow its edges enter and leave. */
export interface Sized {
  width: number;
  height: number;
  /** Distance from the top (flow to the right) or the left (flow downwards) to the flow line. */
  anchor: number;
}

const { padding: PADDING, lane: LANE, header: HEADER } = METRICS;

/**
 * The drawn path of every edge over fixed positions: straight or stepped
 * order edges, fork and join lines inside parallel workflows, and data edges
 * as curves bowing out beside the flow. Edges into or out of a folded
 * workflow's hidden steps are dropped; data edges are moved to the fold.
 */
export function routeEdges(graph: FlowGraph, boxes: Map<string, Box>, sizes: Map<string, Sized>, options: { dataEdges: boolean; down: boolean }): PlacedEdge[] {
  const { down } = options;
  const result: PlacedEdge[] = [];
  const line = (id: string): number => {
    const box = boxes.get(id) as Box;
    return (down ? box.x : box.y) + (sizes.get(id) as Sized).anchor;
  };
  /** The point where the flow enters (`start`) or leaves a box. */
  const port = (id: string, end: 'start' | 'end'): Point => {
    const b = boxes.get(id) as Box;
    if (down) return { x: line(id), y: end === 'start' ? b.y : b.y + b.height };
    return { x: end === 'start' ? b.x : b.x + b.width, y: line(id) };
  };
  const seenData = new Set<string>();
  for (const edge of graph.edges) {
    if (edge.type === 'data') {
      if (!options.dataEdges) continue;
      const isDrawn = (id: string): boolean => boxes.has(id);
      const from = visibleAncestor(graph, edge.from, isDrawn);
      const to = visibleAncestor(graph, edge.to, isDrawn);
      if (from === undefined || to === undefined || from === to || seenData.has(`${from}\n${to}`)) continue;
      seenData.add(`${from}\n${to}`);
      const drawn = from === edge.from && to === edge.to ? edge : { ...edge, from, to };
      result.push(dataCurve(drawn, boxes.get(from) as Box, boxes.get(to) as Box, down));
      continue;
    }
    const a = boxes.get(edge.from);
    const b = boxes.get(edge.to);
    if (!a || !b) continue; // inside a folded workflow
    switch (edge.type) {
      case 'next':
      case 'entry':
        result.push({ edge, points: elbow(port(edge.from, 'end'), port(edge.to, 'start'), down), curve: false, arrow: true });
        break;
      case 'fork': {
        // From where the workflow is entered (below its title bar when flowing down) to each branch.
        const start = down ? { x: line(edge.from), y: a.y + HEADER } : port(edge.from, 'start');
        const lane = down ? a.y + HEADER + LANE / 2 : a.x + PADDING / 2 + LANE / 2;
        const end = port(edge.to, 'start');
        const points = down
          ? [start, { x: start.x, y: lane }, { x: end.x, y: lane }, end]
          : [start, { x: lane, y: start.y }, { x: lane, y: end.y }, end];
        result.push({ edge, points, curve: false, arrow: true });
        break;
      }
      case 'join': {
        const start = port(edge.from, 'end');
        const end = port(edge.to, 'end');
        const lane = down ? b.y + b.height - PADDING / 2 - LANE / 2 : b.x + b.width - PADDING / 2 - LANE / 2;
        const points = down
          ? [start, { x: start.x, y: lane }, { x: end.x, y: lane }, end]
          : [start, { x: lane, y: start.y }, { x: lane, y: end.y }, end];
        result.push({ edge, points, curve: false, arrow: false });
        break;
      }
    }
  }
  return result;
}

/** Straight when both ends are in line, otherwise a step through the middle of the gap. */
function elbow(from: Point, to: Point, down: boolean): Point[] {
  if (down) {
    if (Math.abs(from.x - to.x) < 0.5) return [from, { x: from.x, y: to.y }];
    const mid = (from.y + to.y) / 2;
    return [from, { x: from.x, y: mid }, { x: to.x, y: mid }, to];
  }
  if (Math.abs(from.y - to.y) < 0.5) return [from, { x: to.x, y: from.y }];
  const mid = (from.x + to.x) / 2;
  return [from, { x: mid, y: from.y }, { x: mid, y: to.y }, to];
}

/** A data edge as a curve bowing out beside the flow (below it, or to its right), from the node read to the node reading it. */
function dataCurve(edge: GraphEdge, a: Box, b: Box, down: boolean): PlacedEdge {
  if (down) {
    const start = { x: a.x + a.width, y: a.y + Math.max(a.height * 0.7, a.height - 20) };
    const end = { x: b.x + b.width, y: b.y + Math.min(20, b.height * 0.3) };
    const bow = Math.min(160, 24 + Math.hypot(end.x - start.x, end.y - start.y) * 0.18);
    const far = Math.max(start.x, end.x) + bow;
    return { edge, points: [start, { x: far, y: start.y }, { x: far, y: end.y }, end], curve: true, arrow: true };
  }
  const start = { x: a.x + Math.max(a.width * 0.7, a.width - 24), y: a.y + a.height };
  const end = { x: b.x + Math.min(24, b.width * 0.3), y: b.y + b.height };
  const bow = Math.min(160, 24 + Math.hypot(end.x - start.x, end.y - start.y) * 0.18);
  const low = Math.max(start.y, end.y) + bow;
  return { edge, points: [start, { x: start.x, y: low }, { x: end.x, y: low }, end], curve: true, arrow: true };
}
