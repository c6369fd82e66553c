import { layoutGraph, type LayoutOptions } from './layout';
import type { FlowGraph, GraphLayout } from './types';

/**
 * Past this many drawn nodes the data-edge view keeps the linear layout and
 * draws the data edges as curves. Measured in Chromium (`npm run bench`):
 * elkjs with data edges takes about 150-230 ms for 100 nodes once loaded
 * (0.5-0.7 s on first use) and 1-2.8 s for 1,000, while the linear pass
 * takes under 30 ms for 5,000.
 */
export const ELK_NODE_LIMIT = 300;

/**
 * Picks the layout for a view. The structure (data edges off) is always laid
 * out by the exact linear series-parallel pass. With data edges on, elkjs
 * lays out graphs of up to ELK_NODE_LIMIT drawn nodes so the `${refs}` edges
 * shape the picture and are routed around the cards; larger ones keep the
 * linear layout and draw the data edges as curves, because elkjs's time grows
 * past what an edit may wait for (figures: `npm run bench`).
 */
export async function arrangeGraph(graph: FlowGraph, options: LayoutOptions): Promise<GraphLayout> {
  if (options.dataEdges === true && drawnNodeCount(graph, options.collapsed) <= ELK_NODE_LIMIT) {
    // Loaded on first use: elkjs is large, and most commands and views never need it.
    const { layoutWithElk } = await import('./elkLayout');
    return layoutWithElk(graph, options);
  }
  return layoutGraph(graph, options);
}

/** Nodes drawn with these folds: those not hidden inside a collapsed workflow. */
export function drawnNodeCount(graph: FlowGraph, collapsed: ReadonlySet<string> = new Set()): number {
  if (collapsed.size === 0) return graph.nodes.length;
  const hidden = (id: string): boolean => {
    for (let p = graph.byId.get(id)?.parent; p !== undefined; p = graph.byId.get(p)?.parent) if (collapsed.has(p)) return true;
    return false;
  };
  return graph.nodes.filter((node) => !hidden(node.id)).length;
}
