import type { CompletionList, Range } from 'vscode-languageserver';

const sameRange = (a: Range, b: Range): boolean =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * Moves what every item repeats (the edit range, the resolve data) into
 * `itemDefaults` when the client understands them (LSP 3.17): a list of
 * thousands of refs shrinks to labels and details.
 */
export function withItemDefaults(list: CompletionList, supported: readonly string[]): CompletionList {
  const first = list.items[0];
  if (!first) return list;
  const range = first.textEdit && 'range' in first.textEdit ? first.textEdit.range : undefined;
  const shareRange =
    supported.includes('editRange') && range !== undefined &&
    list.items.every((item) => item.textEdit && 'range' in item.textEdit && item.textEdit.newText === item.label && sameRange(item.textEdit.range, range) && !item.additionalTextEdits);
  const data = JSON.stringify(first.data);
  const shareData = supported.includes('data') && first.data !== undefined && list.items.every((item) => JSON.stringify(item.data) === data);
  if (!shareRange && !shareData) return list;
  const itemDefaults: NonNullable<CompletionList['itemDefaults']> = {};
  if (shareRange) itemDefaults.editRange = range;
  if (shareData) itemDefaults.data = first.data;
  const items = list.items.map((item) => {
    const compact = { ...item };
    if (shareRange) delete compact.textEdit;
    if (shareData) delete compact.data;
    return compact;
  });
  return { isIncomplete: list.isIncomplete, itemDefaults, items };
}
