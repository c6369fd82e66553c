/**
 * Comparing two versions of a flow, node by node: which node of one version
 * is which node of the other, what a node holds of its own, and which of its
 * fields differ. The GitOps commit summary, the platform diff and the graph
 * diff all compare this way, so they agree on what "changed" means.
 */
import type { FlowNode } from './model';
import { jsonValue } from './parse';

/** JSON with keys sorted, so that reordering keys is not a change. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Where a node is, for nodes without a ref: its tree, JSON path and kind. */
export function positionalIdentity(node: Pick<FlowNode, 'tree' | 'path' | 'kind'>): string {
  return `path:${node.tree}:${node.path.join('.')}:${node.kind ?? '?'}`;
}

/** Nodes are matched by ref (unique within a flow); nodes without one by tree, path and kind. */
export function nodeIdentity(node: Pick<FlowNode, 'ref' | 'tree' | 'path' | 'kind'>): string {
  return node.ref !== undefined ? `ref:${node.ref}` : positionalIdentity(node);
}

/** Every node of a version by identity; a duplicated ref (a validation error) keeps its first node, the others go by position. */
export function nodesByIdentity(nodes: readonly FlowNode[]): Map<string, FlowNode> {
  const result = new Map<string, FlowNode>();
  for (const node of nodes) {
    const id = nodeIdentity(node);
    result.set(result.has(id) ? positionalIdentity(node) : id, node);
  }
  return result;
}

/** A node's own value: a workflow's steps are its children's business, not its own. */
export function ownValue(node: FlowNode): unknown {
  const value = jsonValue(node.json);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const spec = (value as Record<string, unknown>).spec;
  if (node.children.length > 0 && spec !== null && typeof spec === 'object' && !Array.isArray(spec) && 'steps' in spec) {
    const { steps: _steps, ...rest } = spec as Record<string, unknown>;
    return { ...value, spec: rest };
  }
  return value;
}

/**
 * The dotted paths of the fields that differ between two JSON values
 * (`spec.origin.branch`, `spec.ports.1`), deepest first reported where they
 * differ; key order never counts. At most `limit` paths, the last one
 * `…` when there were more.
 */
export function changedFieldPaths(before: unknown, after: unknown, limit = 20): string[] {
  const paths: string[] = [];
  let more = false;
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (paths.length >= limit) {
      more = true;
      return;
    }
    const objectA = a !== null && typeof a === 'object';
    const objectB = b !== null && typeof b === 'object';
    if (objectA && objectB && Array.isArray(a) === Array.isArray(b)) {
      if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
        if (canonicalJson(a) !== canonicalJson(b)) paths.push(path || '(value)');
        return;
      }
      const recordA = a as Record<string, unknown>;
      const recordB = b as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(recordA), ...Object.keys(recordB)])].sort();
      for (const key of keys) walk(recordA[key], recordB[key], path === '' ? key : `${path}.${key}`);
      return;
    }
    const differs = a === undefined || b === undefined ? a !== b : canonicalJson(a) !== canonicalJson(b);
    if (differs) paths.push(path || '(value)');
  };
  walk(before, after, '');
  if (more) paths.push('…');
  return paths;
}
