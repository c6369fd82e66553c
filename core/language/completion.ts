import { InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
import { expressionCursor, siteAt } from './cursor';
import { expressionCompletions } from './expressionCompletion';
import { pipelineIdCompletions, stageResources } from './pipelineIds';
import { schemaCompletion } from './schemaFeatures';
import type { DocumentEnvironment } from './settings';
import { nodeSnippets } from './snippets';

export interface CompletionOptions {
  environment: DocumentEnvironment | undefined;
  /** The client accepts snippet syntax (`${1:name}`) in insert texts. */
  snippets: boolean;
}

/**
 * Completion at `offset`. Inside `${...}` only the expression language
 * answers (and nothing there needs the schema or validation). Elsewhere: ids
 * from the pipeline, whole-node snippets in `steps`, and keys and values from
 * the schema.
 */
export async function doComplete(model: FlowModel, offset: number, options: CompletionOptions): Promise<CompletionList> {
  const cursor = expressionCursor(model, offset);
  if (cursor) return expressionCompletions(model, cursor, offset, options.snippets);
  const site = siteAt(model, offset);
  if (site && site.template.interpolations.some((i) => offset >= i.span.start && offset <= i.span.end)) return { isIncomplete: false, items: [] };
  const resources = stageResources(model, options.environment);
  const items: CompletionItem[] = [...pipelineIdCompletions(model, offset, resources), ...nodeSnippets(model, offset, resources, options.snippets)];
  const fromSchema = await schemaCompletion(model, offset);
  const labels = new Set(items.map((item) => item.label));
  for (const item of fromSchema) {
    if (labels.has(item.label)) continue;
    items.push(options.snippets || item.insertTextFormat !== InsertTextFormat.Snippet ? item : asPlainText(item));
  }
  return { isIncomplete: false, items };
}

/** A snippet item for a client without snippet support: placeholders become their default text. */
export function asPlainText(item: CompletionItem): CompletionItem {
  const plain = (text: string): string =>
    text
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '')
      .replace(/\\([$}\\])/g, '$1');
  const result: CompletionItem = { ...item, insertTextFormat: InsertTextFormat.PlainText };
  if (item.insertText !== undefined) result.insertText = plain(item.insertText);
  if (item.textEdit) result.textEdit = { ...item.textEdit, newText: plain(item.textEdit.newText) };
  return result;
}
