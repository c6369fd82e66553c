import { ErrorCode, type Diagnostic as JsonDiagnostic } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { contentStamp } from '../document/incremental';
import type { FlowModel } from '../document/model';
import { CHUNK_URIS, chunkLanguageService, jsonLanguageService, jsonLanguageServiceSchema } from '../schema/schema';
import { schemaChunks, toDocumentOffset, type SchemaChunk } from '../schema/chunks';
import { detached, type Span } from '../text/positions';

const SETTINGS = { comments: 'ignore', trailingCommas: 'ignore', schemaValidation: 'error' } as const;

/** A finding of the JSON service in chunk offsets, so it stays valid wherever the chunk moves. */
interface ChunkFinding {
  span: Span;
  code: number;
  message: string;
}

type ChunkEntries = Record<SchemaChunk['schema'], Map<string, ChunkFinding[]>>;

interface KnownChunk {
  schema: SchemaChunk['schema'];
  text: string;
  /** The value's content stamp (core/document/incremental.ts) when `text` was its chunk's text. */
  stamp: number;
  findings: ChunkFinding[];
}

/** Milliseconds of chunk work between two pauses of a pausable validation. */
const PAUSE_EVERY_MS = 2;

/**
 * Findings of earlier validations of one document: a chunk whose text did not
 * change is not validated again.
 */
export class SchemaChunkCache {
  /**
   * By the JSON value a chunk is cut from. An incremental update keeps the
   * values it did not reparse and stamps those it changed, so an unchanged
   * chunk is known by its value and stamp without cutting its text: after a
   * keystroke only the chunks on the path to the edit are cut and compared.
   */
  byValue = new WeakMap<object, KnownChunk>();
  /** By text, for a document parsed afresh (after a syntax error, say); pruned when it outgrows the document. */
  byText: ChunkEntries = { file: new Map(), node: new Map() };
  /** Chunks validated / taken from the cache by the last run, and chunk texts cut, for benchmarks and tests. */
  lastRun = { validated: 0, reused: 0, cut: 0 };
}

/**
 * Schema diagnostics from vscode-json-languageservice, chunk by chunk
 * (core/schemaChunks.ts); equal to validating the whole document at once.
 * Its syntax errors are dropped: the core's own parser reports those, with the
 * platform's rules.
 */
export async function schemaDiagnostics(model: FlowModel, _uri?: string, cache?: SchemaChunkCache, pause?: () => Promise<void>): Promise<FlowDiagnostic[]> {
  const result: FlowDiagnostic[] = [];
  const chunks = schemaChunks(model);
  let validated = 0;
  let cut = 0;
  let lastPause = performance.now();
  for (const chunk of chunks) {
    const value = chunk.node?.json ?? model.root;
    const stamp = value ? contentStamp(value) : 0;
    const known = value && cache?.byValue.get(value);
    let findings: ChunkFinding[] | undefined;
    if (known && known.schema === chunk.schema && known.stamp === stamp) {
      findings = known.findings;
    } else {
      cut++;
      findings = known && known.schema === chunk.schema && known.text === chunk.text ? known.findings : cache?.byText[chunk.schema].get(chunk.text);
      if (!findings) {
        findings = await validateChunk(chunk);
        validated++;
      }
      // Kept at once: a validation stopped half-way (the document changed) still saves the next one this work.
      // A copy of the text is kept: the chunk's own text is a slice that would keep the whole document version alive.
      if (cache) {
        const text = known?.text === chunk.text ? known.text : detached(chunk.text);
        if (value) cache.byValue.set(value, { schema: chunk.schema, text, stamp, findings });
        if (!cache.byText[chunk.schema].has(text)) cache.byText[chunk.schema].set(text, findings);
      }
    }
    if (pause && performance.now() - lastPause >= PAUSE_EVERY_MS) {
      await pause();
      lastPause = performance.now();
    }
    for (const finding of findings) {
      const span = { start: toDocumentOffset(chunk, finding.span.start), end: toDocumentOffset(chunk, finding.span.end, true) };
      const converted = convert(finding.code, finding.message, span);
      if (converted) result.push(converted);
    }
  }
  if (cache) {
    if (cache.byText.file.size + cache.byText.node.size > 2 * chunks.length + 100) {
      cache.byText = { file: new Map(), node: new Map() };
      for (const chunk of chunks) {
        const value = chunk.node?.json ?? model.root;
        const known = value && cache.byValue.get(value);
        if (known) cache.byText[chunk.schema].set(known.text, known.findings);
      }
    }
    cache.lastRun = { validated, reused: chunks.length - validated, cut };
  }
  return result;
}

async function validateChunk(chunk: SchemaChunk): Promise<ChunkFinding[]> {
  const service = chunkLanguageService();
  const document = TextDocument.create(CHUNK_URIS[chunk.schema], 'json', 0, chunk.text);
  const found = await service.doValidation(document, service.parseJSONDocument(document), SETTINGS);
  return found.map((d) => ({
    span: { start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end) },
    code: typeof d.code === 'number' ? d.code : ErrorCode.Undefined,
    message: typeof d.message === 'string' ? d.message : d.message.value,
  }));
}

/** The same pass over the whole document in one go: what the chunks must equal, and the benchmarks' baseline. */
export async function wholeDocumentSchemaDiagnostics(model: FlowModel, uri = 'file:///release-flow.json'): Promise<FlowDiagnostic[]> {
  const service = jsonLanguageService();
  const document = TextDocument.create(uri, 'json', 0, model.text);
  const jsonDocument = service.parseJSONDocument(document);
  const found: JsonDiagnostic[] = await service.doValidation(document, jsonDocument, SETTINGS, jsonLanguageServiceSchema());
  const result: FlowDiagnostic[] = [];
  for (const d of found) {
    const span = { start: model.lines.offsetAt(d.range.start), end: model.lines.offsetAt(d.range.end) };
    const converted = convert(typeof d.code === 'number' ? d.code : ErrorCode.Undefined, typeof d.message === 'string' ? d.message : d.message.value, span);
    if (converted) result.push(converted);
  }
  return result;
}

function convert(code: number, message: string, span: Span): FlowDiagnostic | undefined {
  if (code === ErrorCode.DuplicateKey) {
    return diagnostic('json-duplicate-key', 'warning', `${message} The platform keeps only the last one.`, span);
  }
  if (code === ErrorCode.Deprecated) return diagnostic('schema-deprecated', 'warning', message, span);
  if (code === ErrorCode.Undefined || code === ErrorCode.EnumValueMismatch) return diagnostic('schema', 'error', message, span);
  return undefined;
}
