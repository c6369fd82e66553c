import { DIFF_SIGNS, diffSummaryLine, NODE_CHANGE_STATES, type GraphDiff } from './diff';
import type { FlowGraph, GraphNode } from './types';

export interface MermaidOptions {
  /** Include the `${refs}` data edges as dotted arrows. */
  dataEdges?: boolean;
  /** What changed since another version: a class per change, the changed fields in the label, and a legend. */
  diff?: GraphDiff;
}

const DIFF_CLASSES = {
  added: 'stroke:#1a7f37,stroke-width:3px;',
  removed: 'stroke:#cf222e,stroke-width:2px,stroke-dasharray: 4 3,opacity:0.5;',
  changed: 'stroke:#bc4c00,stroke-width:3px;',
  moved: 'stroke:#0969da,stroke-width:3px,stroke-dasharray: 7 3;',
} as const;

/**
 * Text for a quoted Mermaid label: the characters that would end the quotes,
 * start an entity or markup, or a Markdown string become Mermaid's entity
 * codes (`#34;`), which it decodes when drawing.
 */
export function escapeMermaid(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[#"<>&|`]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * The graph as a Mermaid flowchart: cards as nodes, workflows as subgraphs
 * (parallel ones stacked top to bottom), entries as stadium shapes, the order
 * of sequential steps as arrows and `${refs}` uses as dotted arrows. Every
 * string from the file is escaped, so Mermaid sees no syntax in it.
 */
export function toMermaid(graph: FlowGraph, options: MermaidOptions = {}): string {
  const ids = new Map<string, string>();
  graph.nodes.forEach((node, i) => ids.set(node.id, `n${i}`));
  const id = (graphId: string): string => ids.get(graphId) as string;
  const lines = ['flowchart LR'];
  const changeNote = (node: GraphNode): string => {
    const change = options.diff?.changes.get(node.id);
    if (!change) return '';
    const fields = change.fields.length > 3 ? [...change.fields.slice(0, 3), '…'] : change.fields;
    return `<br/>${escapeMermaid(`${DIFF_SIGNS[change.state]} ${change.state}${fields.length > 0 ? `: ${fields.join(', ')}` : ''}`)}`;
  };
  const label = (node: GraphNode): string => {
    const title = node.ref !== undefined || node.type !== 'step' ? node.label : node.kindTitle;
    return `"${escapeMermaid(title)}<br/>${escapeMermaid(node.summary)}${changeNote(node)}"`;
  };

  const emit = (node: GraphNode, indent: string): void => {
    if (node.type === 'workflow') {
      lines.push(`${indent}subgraph ${id(node.id)}["${escapeMermaid(`${node.label} · ${node.summary}`)}${changeNote(node)}"]`);
      lines.push(`${indent}  direction ${node.workflowType === 'sequential' ? 'LR' : 'TB'}`);
      for (const child of node.children) emit(graph.byId.get(child) as GraphNode, indent + '  ');
      if (node.children.length === 0) lines.push(`${indent}  ${id(node.id)}_empty["No steps"]`);
      lines.push(`${indent}end`);
    } else if (node.type === 'step') {
      lines.push(`${indent}${id(node.id)}[${label(node)}]`);
    } else {
      lines.push(`${indent}${id(node.id)}([${label(node)}])`);
    }
  };

  for (const section of graph.sections) {
    for (const entry of section.entries) emit(graph.byId.get(entry) as GraphNode, '  ');
    if (section.root !== undefined) emit(graph.byId.get(section.root) as GraphNode, '  ');
  }
  for (const edge of graph.edges) {
    if (edge.type === 'next' || edge.type === 'entry') lines.push(`  ${id(edge.from)} --> ${id(edge.to)}`);
    else if (edge.type === 'data' && options.dataEdges === true) lines.push(`  ${id(edge.from)} -.->|"${escapeMermaid(edge.label ?? '')}"| ${id(edge.to)}`);
  }

  const errors = graph.nodes.filter((n) => n.errors.length > 0).map((n) => id(n.id));
  const warnings = graph.nodes.filter((n) => n.errors.length === 0 && n.warnings.length > 0).map((n) => id(n.id));
  const entries = graph.nodes.filter((n) => n.type !== 'step' && n.type !== 'workflow').map((n) => id(n.id));
  lines.push('  classDef entry stroke-dasharray: 4 3;', '  classDef error stroke:#cf222e,stroke-width:2px;', '  classDef warning stroke:#9a6700,stroke-width:2px;');
  if (entries.length > 0) lines.push(`  class ${entries.join(',')} entry;`);
  if (errors.length > 0) lines.push(`  class ${errors.join(',')} error;`);
  if (warnings.length > 0) lines.push(`  class ${warnings.join(',')} warning;`);
  if (options.diff) {
    const diff = options.diff;
    lines.push(`  subgraph legend["${escapeMermaid(diffSummaryLine(diff))}"]`, '    direction LR');
    for (const state of NODE_CHANGE_STATES) lines.push(`    legend_${state}["${escapeMermaid(`${DIFF_SIGNS[state]} ${state} (${diff.counts[state]})`)}"]`);
    lines.push('  end');
    for (const state of NODE_CHANGE_STATES) {
      lines.push(`  classDef ${state} ${DIFF_CLASSES[state]}`);
      const changed = graph.nodes.filter((n) => diff.changes.get(n.id)?.state === state).map((n) => id(n.id));
      lines.push(`  class ${[...changed, `legend_${state}`].join(',')} ${state};`);
    }
  }
  return lines.join('\n') + '\n';
}
