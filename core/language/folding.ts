import type { Node as JsonNode } from 'jsonc-parser';
import type { FoldingRange } from 'vscode-languageserver-types';
import { nodeSummary } from '../graph/summary';
import type { FlowModel, FlowNode } from '../document/model';

/**
 * Folding ranges from the parsed tree: every object and array spanning lines,
 * the closing bracket staying visible (as VS Code's JSON folding does). A
 * folded node reads as what it does, e.g. `{ Build build @ main }`.
 */
export function getFoldingRanges(model: FlowModel, rangeLimit = Number.MAX_SAFE_INTEGER): FoldingRange[] {
  const root = model.root;
  if (!root) return [];
  const nodesByJson = new Map<JsonNode, FlowNode>();
  for (const node of model.nodes) nodesByJson.set(node.json, node);
  const ranges: FoldingRange[] = [];
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const json = stack.pop() as JsonNode;
    if (json.type === 'object' || json.type === 'array') {
      const startLine = model.lines.positionAt(json.offset).line;
      const endLine = model.lines.positionAt(json.offset + json.length - 1).line;
      if (endLine - 1 > startLine) {
        const range: FoldingRange = { startLine, endLine: endLine - 1 };
        const node = nodesByJson.get(json);
        if (node) range.collapsedText = `{ ${node.ref !== undefined ? `${node.ref}: ` : ''}${nodeSummary(node)} }`;
        else if (json.type === 'array') range.collapsedText = `[ ${json.children?.length ?? 0} ]`;
        ranges.push(range);
      }
    }
    const children = json.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as JsonNode);
  }
  ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  // Several ranges may start on one line ("spec": { "kind": ... on one line); clients keep one per line: the outermost.
  const result: FoldingRange[] = [];
  for (const range of ranges) {
    if (result.length > 0 && (result[result.length - 1] as FoldingRange).startLine === range.startLine) continue;
    result.push(range);
    if (result.length >= rangeLimit) break;
  }
  return result;
}
