import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, CompletionList, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { asPlainText } from '../../core/language/completion';
import { createLanguageService, type LanguageServiceOptions, type ReleaseFlowLanguageService } from '../../core/language/service';

/** Fixtures mark the cursor with `|`: this strips it and says where it was. */
export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('The fixture has no | cursor marker.');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

let version = 0;

/** A document of the fixture (cursor marker removed), the position of the marker, and a fresh service. */
export function setup(
  marked: string,
  options: LanguageServiceOptions = {},
  uri = 'file:///repo/release-staging.json',
): { service: ReleaseFlowLanguageService; document: TextDocument; position: Position; text: string; offset: number } {
  const { text, offset } = marked.includes('|') ? cursor(marked) : { text: marked, offset: 0 };
  const document = TextDocument.create(uri, 'json', ++version, text);
  return { service: createLanguageService(options), document, position: document.positionAt(offset), text, offset };
}

export function applyEdits(document: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(document, edits);
}

/** The document text after accepting a completion item, with snippet placeholders replaced by their default text. */
export function applyCompletion(document: TextDocument, item: CompletionItem): string {
  const plain = asPlainText(item);
  const edit = plain.textEdit;
  if (!edit) throw new Error(`Completion item ${item.label} has no textEdit.`);
  const range = 'range' in edit ? edit.range : edit.replace;
  return applyEdits(document, [{ range, newText: edit.newText }, ...(plain.additionalTextEdits ?? [])]);
}

export function applyWorkspaceEdit(document: TextDocument, edit: WorkspaceEdit): string {
  return applyEdits(document, edit.changes?.[document.uri] ?? []);
}

export function labels(list: CompletionList): string[] {
  return list.items.map((item) => item.label);
}

export function find(list: CompletionList, label: string): CompletionItem {
  const item = list.items.find((i) => i.label === label);
  if (!item) throw new Error(`No completion '${label}' among: ${labels(list).join(', ')}`);
  return item;
}

/** A flow with these steps in a sequential root workflow, pretty-printed. */
export function flow(steps: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1.2', ...extra, spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } }, null, 2);
}

/**
 * The pretty-printed flow most fixtures share, one step per line: top-level
 * properties (written as JSON text), then a sequential root workflow.
 */
export function flowText(top: string[], steps: string[]): string {
  return [
    '{',
    '  "apiVersion": "v1.2",',
    ...top.map((line) => `  ${line},`),
    '  "spec": {',
    '    "kind": "Workflow",',
    '    "spec": {',
    '      "type": "sequential",',
    '      "steps": [',
    steps.map((step) => `        ${step}`).join(',\n'),
    '      ]',
    '    }',
    '  }',
    '}',
  ].join('\n');
}
