import { DocumentHighlightKind, type DocumentHighlight, type Location } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
import { occurrences, symbolAt } from './targets';

/** Every use of the ref, argument, function or output property at `offset` (and its definitions, if asked). */
export function findReferences(model: FlowModel, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const symbol = symbolAt(model, offset);
  if (!symbol) return [];
  return occurrences(model, symbol)
    .filter((o) => includeDeclaration || !o.definition)
    .map((o) => ({ uri, range: model.lines.rangeOf(o.span) }));
}

/** The same occurrences in this document: definitions as writes, uses as reads. */
export function findDocumentHighlights(model: FlowModel, offset: number): DocumentHighlight[] {
  const symbol = symbolAt(model, offset);
  if (!symbol) return [];
  return occurrences(model, symbol).map((o) => ({
    range: model.lines.rangeOf(o.span),
    kind: o.definition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
