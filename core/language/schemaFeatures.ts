import type { JSONDocument, JSONSchema } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, type CompletionItem, type Hover, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
import { nodeAtOffset } from '../document/order';
import { CHUNK_URIS, chunkLanguageService, releaseFlowSchema } from '../schema/schema';
import { chunkOf, toChunkOffset, toDocumentOffset, type SchemaChunk } from '../schema/chunks';

/**
 * Completion and hover from the JSON Schema, by vscode-json-languageservice,
 * on the chunk around the cursor (core/schemaChunks.ts) rather than the whole
 * document: one node's text instead of megabytes, with every range mapped back.
 */
interface ChunkView {
  chunk: SchemaChunk;
  document: TextDocument;
  json: JSONDocument;
}

const views = new WeakMap<FlowModel, Map<number, ChunkView>>();

/** The chunk at `offset` with its parsed JSON document, once per version; undefined inside a cut-out steps array. */
function viewAt(model: FlowModel, offset: number): ChunkView | undefined {
  const chunk = chunkOf(model, nodeAtOffset(model, offset));
  if (chunk.holes.some((hole) => offset > hole.start && offset < hole.end)) return undefined;
  let byStart = views.get(model);
  if (!byStart) views.set(model, (byStart = new Map()));
  const cached = byStart.get(chunk.span.start);
  if (cached) return cached;
  const document = TextDocument.create(CHUNK_URIS[chunk.schema], 'json', 0, chunk.text);
  const view = { chunk, document, json: chunkLanguageService().parseJSONDocument(document) };
  byStart.set(chunk.span.start, view);
  return view;
}

function toDocumentRange(model: FlowModel, view: ChunkView, range: Range): Range {
  const start = view.document.offsetAt(range.start);
  const end = view.document.offsetAt(range.end);
  const empty = start === end;
  return {
    start: model.lines.positionAt(toDocumentOffset(view.chunk, start, empty)),
    end: model.lines.positionAt(toDocumentOffset(view.chunk, end, true)),
  };
}

function mapEdit(model: FlowModel, view: ChunkView, edit: TextEdit): TextEdit {
  return { range: toDocumentRange(model, view, edit.range), newText: edit.newText };
}

export async function schemaCompletion(model: FlowModel, offset: number): Promise<CompletionItem[]> {
  const view = viewAt(model, offset);
  if (!view) return [];
  const position = view.document.positionAt(toChunkOffset(view.chunk, offset));
  const list = await chunkLanguageService().doComplete(view.document, position, view.json);
  if (!list) return [];
  return list.items.map((item) => {
    const mapped: CompletionItem = { ...item };
    const edit = item.textEdit;
    if (edit && 'range' in edit) mapped.textEdit = mapEdit(model, view, edit);
    else if (edit) mapped.textEdit = { newText: edit.newText, insert: toDocumentRange(model, view, edit.insert), replace: toDocumentRange(model, view, edit.replace) };
    if (item.additionalTextEdits) mapped.additionalTextEdits = item.additionalTextEdits.map((e) => mapEdit(model, view, e));
    return mapped;
  });
}

/** The description of `#/definitions/expression`, which vscode-json-languageservice prefers over a property's own when a value may be an expression. */
const EXPRESSION_DESCRIPTION = ((releaseFlowSchema as { definitions?: Record<string, JSONSchema> }).definitions?.expression?.markdownDescription ?? '').trim();

export async function schemaHover(model: FlowModel, offset: number): Promise<Hover | null> {
  const view = viewAt(model, offset);
  if (!view) return null;
  const chunkOffset = toChunkOffset(view.chunk, offset);
  const position = view.document.positionAt(chunkOffset);
  const hover = await chunkLanguageService().doHover(view.document, position, view.json);
  if (!hover) return null;
  let value = markdownOf(hover.contents);
  if (EXPRESSION_DESCRIPTION !== '' && value.startsWith(EXPRESSION_DESCRIPTION)) value = (await ownDescription(view, chunkOffset)) ?? value;
  const result: Hover = { contents: { kind: MarkupKind.Markdown, value } };
  if (hover.range) result.range = toDocumentRange(model, view, hover.range);
  return result;
}

/** The description the property itself carries, for a key or a value that is not an expression. */
async function ownDescription(view: ChunkView, chunkOffset: number): Promise<string | undefined> {
  let node = view.json.getNodeFromOffset(chunkOffset, true);
  if (node?.parent?.type === 'property' && node.parent.keyNode === node) node = node.parent.valueNode;
  if (!node || (node.type === 'string' && node.value.includes('${'))) return undefined;
  const matching = await chunkLanguageService().getMatchingSchemas(view.document, view.json);
  for (const { node: matched, schema } of matching) {
    if (matched !== node) continue;
    const description = schema.markdownDescription ?? schema.description;
    if (description !== undefined && !description.startsWith(EXPRESSION_DESCRIPTION) && schema.description !== EXPRESSION_PLAIN) return description;
  }
  return undefined;
}

const EXPRESSION_PLAIN = (releaseFlowSchema as { definitions?: Record<string, JSONSchema> }).definitions?.expression?.description;

function markdownOf(contents: Hover['contents']): string {
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((c) => (typeof c === 'string' ? c : `\`\`\`${c.language}\n${c.value}\n\`\`\``)).join('\n\n');
  return 'kind' in contents ? contents.value : `\`\`\`${contents.language}\n${contents.value}\n\`\`\``;
}
