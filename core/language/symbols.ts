import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { nodeSummary } from '../graph/summary';
import type { FlowModel, FlowNode } from '../document/model';
import { propertyEntry, spanOf } from '../document/parse';
import type { Span } from '../text/positions';
import { truncate } from './expressionCompletion';

const KIND_SYMBOLS: Record<string, SymbolKind> = {
  Workflow: SymbolKind.Module,
  LoopWorkflow: SymbolKind.Module,
  Release: SymbolKind.Event,
  Build: SymbolKind.Constructor,
  JobRun: SymbolKind.Function,
  AddonBackup: SymbolKind.Struct,
  AddonImport: SymbolKind.Struct,
  Action: SymbolKind.Method,
  Condition: SymbolKind.Boolean,
  Approval: SymbolKind.Key,
  Message: SymbolKind.String,
};

/**
 * The outline: triggers, arguments, then the workflows and nodes of `spec`
 * and `teardownSpec`. A node is named by its ref, or by what it does
 * ("Promote job-staging -> job-prod") when it has none.
 */
export function findDocumentSymbols(model: FlowModel): DocumentSymbol[] {
  const result: DocumentSymbol[] = [];
  const symbol = (name: string, detail: string, kind: SymbolKind, span: Span, selection: Span, children?: DocumentSymbol[]): DocumentSymbol => {
    const s: DocumentSymbol = { name: name === '' ? '(empty)' : name, detail, kind, range: model.lines.rangeOf(span), selectionRange: model.lines.rangeOf(selection) };
    if (children) s.children = children;
    return s;
  };
  const section = (key: string, kind: SymbolKind, children: DocumentSymbol[]): void => {
    const entry = propertyEntry(model.root, key);
    const keyNode = entry?.children?.[0];
    if (entry && keyNode) result.push(symbol(key, `${children.length}`, kind, spanOf(entry), spanOf(keyNode), children));
  };
  section('triggers', SymbolKind.Namespace, model.triggers.map((t, i) => symbol(t.ref ?? `trigger ${i + 1}`, 'Git trigger', SymbolKind.Event, t.span, t.refSpan ?? t.span)));
  section(
    'arguments',
    SymbolKind.Namespace,
    [...model.arguments.values()].map((a) =>
      symbol(a.name, truncate(JSON.stringify(a.value) ?? '', 40), SymbolKind.Variable, a.valueNode ? { start: a.keySpan.start, end: a.valueNode.offset + a.valueNode.length } : a.keySpan, a.keySpan),
    ),
  );
  const nodeSymbol = (node: FlowNode): DocumentSymbol => {
    const summary = nodeSummary(node);
    const name = node.ref ?? summary;
    const detail = node.ref !== undefined ? `${node.kind ?? 'node'} · ${summary}` : node.kind ?? '';
    return symbol(name, detail, KIND_SYMBOLS[node.kind ?? ''] ?? SymbolKind.Object, node.span, node.refSpan ?? node.kindSpan ?? node.span, node.children.map(nodeSymbol));
  };
  if (model.rootNode) result.push(nodeSymbol(model.rootNode));
  if (model.teardownRootNode) {
    const teardown = nodeSymbol(model.teardownRootNode);
    teardown.name = model.teardownRootNode.ref ?? 'teardown';
    result.push(teardown);
  }
  // Sections in the order the file has them.
  return result.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
