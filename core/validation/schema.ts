import { ErrorCode, type Diagnostic as JsonDiagnostic } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnostic, movedDiagnostics, type FlowDiagnostic } from './diagnostics';
import { contentStamp } from '../document/incremental';
import type { FlowModel, FlowNode } from '../document/model';
import { CHUNK_URIS, chunkLanguageService, jsonLanguageService, jsonLanguageServiceSchema } from '../schema/schema';
import { ChunkPlanWalk, schemaChunks, toDocumentOffset, type SchemaChunk } from '../schema/chunks';
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

interface KnownSubtree {
  stamp: number;
  /** How many chunks the subtree holds. */
  chunks: number;
  findings: FlowDiagnostic[];
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
  /**
   * By a chunk node's value: the findings of every chunk in its subtree, relative to where the node
   * starts, at a content stamp of the value. Which nodes inside are chunks follows from their text.
   */
  bySubtree = new WeakMap<object, KnownSubtree>();
  /** Chunks validated / taken from the cache by the last run, chunk texts cut, and chunks read one by one (not in a whole subtree), for benchmarks and tests. */
  lastRun = { validated: 0, reused: 0, cut: 0, read: 0 };
}

/**
 * Schema diagnostics from vscode-json-languageservice, chunk by chunk
 * (core/schemaChunks.ts); equal to validating the whole document at once.
 * Its syntax errors are dropped: the core's own parser reports those, with the
 * platform's rules.
 */
export async function schemaDiagnostics(model: FlowModel, _uri?: string, cache?: SchemaChunkCache, pause?: () => Promise<void>): Promise<FlowDiagnostic[]> {
  const result: FlowDiagnostic[] = [];
  let validated = 0;
  let cut = 0;
  let chunkCount = 0;
  let read = 0;
  let lastPause = performance.now();
  /** One chunk's findings in document offsets, from the cache when its text is known. */
  const findingsOf = async (chunk: SchemaChunk): Promise<FlowDiagnostic[]> => {
    chunkCount++;
    read++;
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
    const converted: FlowDiagnostic[] = [];
    for (const finding of findings) {
      const span = { start: toDocumentOffset(chunk, finding.span.start), end: toDocumentOffset(chunk, finding.span.end, true) };
      const diagnostic = convert(finding.code, finding.message, span);
      if (diagnostic) converted.push(diagnostic);
    }
    return converted;
  };

  const walk = new ChunkPlanWalk(model);
  result.push(...(await findingsOf(walk.fileChunk())));
  // Node chunks in document order. With a cache, a chunk node whose value kept its stamp brings the
  // findings of every chunk inside it at once: after a keystroke only the chunks on its path are read.
  const nodes = model.nodes;
  const open: { node: FlowNode; known: KnownSubtree }[] = [];
  const close = (next: number): void => {
    for (let top = open[open.length - 1]; top && top.node.lastDescendant < next; top = open[open.length - 1]) {
      open.pop();
      cache?.bySubtree.set(top.node.json, top.known);
      const parent = open[open.length - 1];
      if (parent) addSubtree(parent, top.known, top.node.span.start);
    }
  };
  for (let i = 0; i < nodes.length; ) {
    close(i);
    const node = nodes[i] as FlowNode;
    if (!walk.isChunkRoot(node)) {
      // A root workflow sits in the file chunk, its steps may be chunks; any other node is in its parent's chunk with all it holds.
      i = node.parent === undefined && walk.splits(node) ? i + 1 : node.lastDescendant + 1;
      continue;
    }
    const stamp = contentStamp(node.json);
    const subtree = cache?.bySubtree.get(node.json);
    if (subtree && subtree.stamp === stamp) {
      movedDiagnostics(result, subtree.findings, node.span.start);
      chunkCount += subtree.chunks;
      const parent = open[open.length - 1];
      if (parent) addSubtree(parent, subtree, node.span.start);
      i = node.lastDescendant + 1;
      continue;
    }
    const own = await findingsOf(walk.nodeChunk(node));
    result.push(...own);
    if (cache) {
      const findings: FlowDiagnostic[] = [];
      movedDiagnostics(findings, own, -node.span.start);
      open.push({ node, known: { stamp, chunks: 1, findings } });
    }
    i++;
  }
  close(Infinity);
  if (cache) {
    if (cache.byText.file.size + cache.byText.node.size > 2 * chunkCount + 100) {
      cache.byText = { file: new Map(), node: new Map() };
      for (const chunk of schemaChunks(model)) {
        const value = chunk.node?.json ?? model.root;
        const known = value && cache.byValue.get(value);
        if (known) cache.byText[chunk.schema].set(known.text, known.findings);
      }
    }
    cache.lastRun = { validated, reused: chunkCount - validated, cut, read };
  }
  return result;
}

/** Adds a finished subtree's findings (relative to `start`, where its node begins) to the open node around it. */
function addSubtree(parent: { node: FlowNode; known: KnownSubtree }, subtree: KnownSubtree, start: number): void {
  movedDiagnostics(parent.known.findings, subtree.findings, start - parent.node.span.start);
  parent.known.chunks += subtree.chunks;
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
