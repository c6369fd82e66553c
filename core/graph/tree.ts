import type { FlowGraph, GraphNode } from './types';

/**
 * The node itself when it is drawn, else the outermost drawn container
 * holding it (the folded workflow that hides it); undefined when even its
 * section's root is not drawn.
 */
export function visibleAncestor(graph: FlowGraph, id: string, isDrawn: (id: string) => boolean): string | undefined {
  const chain: string[] = [];
  for (let current: string | undefined = id; current !== undefined; current = graph.byId.get(current)?.parent) chain.push(current);
  let lastDrawn: string | undefined;
  for (let i = chain.length - 1; i >= 0 && isDrawn(chain[i] as string); i--) lastDrawn = chain[i];
  return lastDrawn;
}

/** How many nodes a container holds, at any depth. */
export function countDescendants(graph: FlowGraph, node: GraphNode): number {
  let count = 0;
  const stack = [...node.children];
  while (stack.length > 0) {
    const child = graph.byId.get(stack.pop() as string) as GraphNode;
    count++;
    stack.push(...child.children);
  }
  return count;
}
