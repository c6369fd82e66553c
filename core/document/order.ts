import type { FlowModel, FlowNode } from './model';

/**
 * Whether node `source` is guaranteed to have finished before `user` starts,
 * and if not, why not.
 * - `available`: an earlier step of a sequential workflow that encloses both.
 * - `self`: the node refers to itself.
 * - `encloses-use`: `source` is a workflow that contains `user`, so it is still running.
 * - `inside-use`: `source` runs inside `user`'s workflow, after `user` starts.
 * - `later`: a later step of a sequential workflow.
 * - `parallel`: both sit in different branches of a parallel workflow.
 * - `unordered`: the enclosing workflow has no valid `type`, so no order is known.
 * - `other-tree`: one runs in `spec`, the other in `teardownSpec`.
 */
export type Availability = 'available' | 'self' | 'encloses-use' | 'inside-use' | 'later' | 'parallel' | 'unordered' | 'other-tree';

export function availability(source: FlowNode, user: FlowNode): Availability {
  if (source === user) return 'self';
  if (source.tree !== user.tree) return 'other-tree';
  if (isInside(user, source)) return 'encloses-use';
  if (isInside(source, user)) return 'inside-use';
  let a = source;
  let b = user;
  while (a.depth > b.depth) a = a.parent as FlowNode;
  while (b.depth > a.depth) b = b.parent as FlowNode;
  while (a.parent !== b.parent) {
    a = a.parent as FlowNode;
    b = b.parent as FlowNode;
  }
  const workflow = a.parent as FlowNode;
  switch (workflow.workflowType) {
    case 'sequential':
      return a.stepIndex < b.stepIndex ? 'available' : 'later';
    case 'parallel':
      return 'parallel';
    default:
      return 'unordered';
  }
}

/** True when `inner` lies strictly inside `outer`'s subtree. */
export function isInside(inner: FlowNode, outer: FlowNode): boolean {
  return inner.index > outer.index && inner.index <= outer.lastDescendant;
}

/**
 * Every node guaranteed to have finished before `user` starts, in document
 * order: the earlier steps (with their subtrees) of each enclosing sequential
 * workflow. Never a sibling inside a parallel workflow.
 */
export function finishedBefore(model: FlowModel, user: FlowNode): FlowNode[] {
  const ranges: [number, number][] = [];
  for (let child: FlowNode = user, parent = user.parent; parent !== undefined; child = parent, parent = parent.parent) {
    const first = parent.children[0];
    if (parent.workflowType === 'sequential' && first !== undefined && first !== child) {
      ranges.push([first.index, child.index - 1]);
    }
  }
  const result: FlowNode[] = [];
  for (let r = ranges.length - 1; r >= 0; r--) {
    const [from, to] = ranges[r] as [number, number];
    for (let i = from; i <= to; i++) result.push(model.nodes[i] as FlowNode);
  }
  return result;
}

/** The innermost flow node whose object contains `offset`. */
export function nodeAtOffset(model: FlowModel, offset: number): FlowNode | undefined {
  let found: FlowNode | undefined;
  let candidates = [model.rootNode, model.teardownRootNode].filter((n): n is FlowNode => n !== undefined);
  while (candidates.length > 0) {
    const next = candidates.find((node) => offset >= node.span.start && offset < node.span.end);
    if (!next) break;
    found = next;
    candidates = next.children;
  }
  return found;
}
