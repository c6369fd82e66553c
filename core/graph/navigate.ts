import { METRICS } from './layout';
import type { Box, GraphLayout, PlacedNode } from './types';

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Where a node is for keyboard moves: a card as drawn, an open workflow by the start of its title bar (where its name is). */
function target(placed: PlacedNode): Box {
  const { box } = placed;
  return placed.node.type === 'workflow' && !placed.collapsed ? { x: box.x, y: box.y, width: Math.min(box.width, METRICS.cardWidth), height: METRICS.header } : box;
}

/** Distance between two intervals; 0 when they overlap. */
function gap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, b0 - a1, a0 - b1);
}

/**
 * The node an arrow key moves to: the nearest one in that direction,
 * preferring nodes in line with the current one (a chain's next step before
 * a node diagonally closer).
 */
export function neighbour(layout: GraphLayout, fromId: string, direction: Direction): string | undefined {
  const from = layout.nodes.find((n) => n.node.id === fromId);
  if (!from) return firstNode(layout);
  const a = target(from);
  const ax = a.x + a.width / 2;
  const ay = a.y + a.height / 2;
  // A workflow holding the node is above it: reached with Up only, so Left and Right stay on the flow.
  const ancestors = new Set<string>();
  for (let p = from.node.parent; p !== undefined; p = layout.graph.byId.get(p)?.parent) ancestors.add(p);
  let best: { id: string; score: number } | undefined;
  for (const placed of layout.nodes) {
    if (placed === from || (direction !== 'up' && ancestors.has(placed.node.id))) continue;
    const b = target(placed);
    const bx = b.x + b.width / 2;
    const by = b.y + b.height / 2;
    const horizontal = direction === 'left' || direction === 'right';
    const primary = direction === 'right' ? bx - ax : direction === 'left' ? ax - bx : direction === 'down' ? by - ay : ay - by;
    if (primary <= 1) continue;
    const off = horizontal ? gap(a.y, a.y + a.height, b.y, b.y + b.height) : gap(a.x, a.x + a.width, b.x, b.x + b.width);
    const drift = horizontal ? Math.abs(by - ay) : Math.abs(bx - ax);
    const score = primary + 4 * off + 0.25 * drift;
    if (!best || score < best.score) best = { id: placed.node.id, score };
  }
  return best?.id;
}

/** The node reading order starts at: the first entry, else the first node drawn. */
export function firstNode(layout: GraphLayout): string | undefined {
  return layout.nodes[0]?.node.id;
}
