import type { CodeLens } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
import { COMMANDS } from './protocol';

/** "Run locally" and "Preview graph" above the root workflow; the editor extension provides both commands. */
export function getCodeLenses(model: FlowModel, uri: string): CodeLens[] {
  const root = model.rootNode;
  if (!root) return [];
  const line = model.lines.positionAt(root.span.start).line;
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  return [
    { range, command: { title: '▶ Run locally', command: COMMANDS.runLocally, arguments: [uri] } },
    { range, command: { title: 'Preview graph', command: COMMANDS.openPreview, arguments: [uri] } },
  ];
}
