import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CompletionItem,
  CodeAction,
  CodeActionContext,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  Location,
  LocationLink,
  Position,
  Range,
  SelectionRange,
  SemanticTokens,
  SemanticTokensLegend,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { isReleaseFlowFileName, looksLikeReleaseFlow } from '../document/flowFiles';
import type { FlowModel } from '../document/model';
import { RELEASE_FLOW_LANGUAGE_ID, type FlowGraphParams, type FlowGraphResult } from './protocol';
import { flowGraphOf } from './flowGraph';
import { SchemaChunkCache } from '../validation/schema';
import { NodeFindingsCache } from '../validation/nodeFindings';
import { pastAnalysisLimits } from '../validation/limits';
import { getCodeActions } from './codeActions';
import { getCodeLenses } from './codeLens';
import { doComplete } from './completion';
import { refDocumentation, type CompletionData } from './expressionCompletion';
import { findDefinition } from './definition';
import { computeDiagnostics } from './diagnostics';
import { FlowDocuments, type FlowDocument } from './documents';
import { getFoldingRanges } from './folding';
import { formatFlow, formattedLengthBound } from './formatting';
import { doHover } from './hover';
import { findDocumentHighlights, findReferences } from './references';
import { doRename, prepareRename, type RenamePreparation, type RenameRefusal } from './rename';
import { getSelectionRanges } from './selectionRanges';
import { getSemanticTokens, SEMANTIC_TOKENS_LEGEND } from './semanticTokens';
import { DEFAULT_SETTINGS, type DocumentEnvironment, type LanguageSettings } from './settings';
import { findDocumentSymbols } from './symbols';

export interface LanguageServiceOptions {
  settings?: LanguageSettings;
  /** Where each document sits (repository path, pipeline): resolved by the shell, which owns the file system. */
  environment?: (uri: string) => DocumentEnvironment | undefined;
  /** The client accepts snippets in completions (default true). */
  snippets?: boolean;
  /** Derive each version from the previous one (default true); see FlowDocuments. */
  incremental?: boolean;
  /** Where the service says why it answered nothing (a document past the analysis limits). */
  log?: (message: string) => void;
}

/**
 * The release-flow language service: every editor feature as a function of a
 * document, runtime-agnostic (no LSP connection, no `vscode`), in the manner
 * of vscode-json-languageservice. Each document version is parsed once and
 * shared by all features; positions are LSP positions (UTF-16).
 */
export interface ReleaseFlowLanguageService {
  configure(settings: LanguageSettings): void;
  readonly settings: LanguageSettings;
  /** Whether the server should treat the document as a release flow (`releaseFlow.documents`). */
  isReleaseFlow(document: TextDocument): boolean;
  parse(document: TextDocument): FlowDocument;
  /**
   * `pause` is awaited between validation steps (see ValidateOptions.pause).
   * `early` is called with the core rules' findings first, a subset of the
   * result, when the schema pass ahead is long: the first validation of a
   * large document (EARLY_FINDINGS_MIN_CHARS).
   */
  doValidation(document: TextDocument, pause?: () => Promise<void>, early?: (diagnostics: Diagnostic[]) => void): Promise<Diagnostic[]>;
  doComplete(document: TextDocument, position: Position): Promise<CompletionList>;
  /** Fills in what doComplete left for later (the documentation of ref items). */
  resolveCompletion(item: CompletionItem): CompletionItem;
  doHover(document: TextDocument, position: Position): Promise<Hover | null>;
  findDefinition(document: TextDocument, position: Position): LocationLink[];
  findReferences(document: TextDocument, position: Position, includeDeclaration: boolean): Location[];
  findDocumentHighlights(document: TextDocument, position: Position): DocumentHighlight[];
  prepareRename(document: TextDocument, position: Position): RenamePreparation | RenameRefusal | null;
  doRename(document: TextDocument, position: Position, newName: string): WorkspaceEdit | RenameRefusal;
  findDocumentSymbols(document: TextDocument): DocumentSymbol[];
  getFoldingRanges(document: TextDocument, rangeLimit?: number): FoldingRange[];
  getSelectionRanges(document: TextDocument, positions: Position[]): SelectionRange[];
  getCodeActions(document: TextDocument, range: Range, context: CodeActionContext): CodeAction[];
  format(document: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[];
  getSemanticTokens(document: TextDocument, range?: Range): SemanticTokens;
  readonly semanticTokensLegend: SemanticTokensLegend;
  getCodeLenses(document: TextDocument): CodeLens[];
  /** The graph of the document's version for the preview (`releaseFlow/graph`); null for another version, broken JSON, or past the limits. */
  getFlowGraph(document: TextDocument, params: FlowGraphParams): FlowGraphResult | null;
  /** Drops what is cached for a closed document. */
  forget(uri: string): void;
}

/** From this size on, the first validation of a document hands out the core rules' findings before its schema pass. */
export const EARLY_FINDINGS_MIN_CHARS = 256 * 1024;

export function createLanguageService(options: LanguageServiceOptions = {}): ReleaseFlowLanguageService {
  let settings = options.settings ?? DEFAULT_SETTINGS;
  const documents = new FlowDocuments(options.incremental ?? true);
  const schemaCaches = new Map<string, SchemaChunkCache>();
  // Only incremental updates keep JSON values (and their findings) from one version to the next.
  const nodeFindingsCaches = options.incremental ?? true ? new Map<string, NodeFindingsCache>() : undefined;
  const snippets = options.snippets ?? true;
  const detected = new Map<string, { version: number; flow: boolean }>();
  const environment = (uri: string): DocumentEnvironment | undefined => options.environment?.(uri);
  const model = (document: TextDocument): FlowModel => documents.get(document).model;
  // Said once per document version and feature: semantic tokens and folding are asked after every edit.
  const told = new Map<string, { version: number; features: Set<string> }>();
  const refuse = (document: TextDocument, feature: string, reason: string): undefined => {
    let entry = told.get(document.uri);
    if (entry?.version !== document.version) told.set(document.uri, (entry = { version: document.version, features: new Set() }));
    if (!entry.features.has(feature)) {
      entry.features.add(feature);
      options.log?.(`${feature}: no answer for ${document.uri}: ${reason}.`);
    }
    return undefined;
  };
  /** The document's model, or undefined (logged) past the limits validation analyses within. */
  const within = (document: TextDocument, feature: string): FlowModel | undefined => {
    const flow = model(document);
    const reason = pastAnalysisLimits(flow, settings.maxFileSize);
    return reason === undefined ? flow : refuse(document, feature, reason);
  };
  const at = (document: TextDocument, position: Position, feature: string): { flow: FlowModel; offset: number } | undefined => {
    const flow = within(document, feature);
    return flow && { flow, offset: flow.lines.offsetAt(position) };
  };

  return {
    configure(next) {
      settings = next;
    },
    get settings() {
      return settings;
    },
    isReleaseFlow(document) {
      if (settings.documents === 'all' || document.languageId === RELEASE_FLOW_LANGUAGE_ID) return true;
      // Asked on every request: the content test runs once per version.
      const known = detected.get(document.uri);
      if (known?.version === document.version) return known.flow;
      const flow = isReleaseFlowFileName(uriPath(document.uri)) || looksLikeReleaseFlow(document.getText());
      detected.set(document.uri, { version: document.version, flow });
      return flow;
    },
    parse: (document) => documents.get(document),
    async doValidation(document, pause, early) {
      let cache = schemaCaches.get(document.uri);
      if (!cache) schemaCaches.set(document.uri, (cache = new SchemaChunkCache()));
      const flow = model(document);
      // Parsing an edit is a step of its own: a request waiting meanwhile goes before the validators.
      await pause?.();
      // Later validations of the document find most schema findings in the cache: nothing is worth showing early then.
      const firstOfLarge = cache.lastRun.validated + cache.lastRun.reused === 0 && flow.text.length >= EARLY_FINDINGS_MIN_CHARS;
      let nodeFindings = nodeFindingsCaches?.get(document.uri);
      if (nodeFindingsCaches && !nodeFindings) nodeFindingsCaches.set(document.uri, (nodeFindings = new NodeFindingsCache()));
      return computeDiagnostics(flow, environment(document.uri), settings, cache, pause, firstOfLarge ? early : undefined, nodeFindings);
    },
    async doComplete(document, position) {
      const place = at(document, position, 'completion');
      if (!place) return { isIncomplete: false, items: [] };
      const { flow, offset } = place;
      const list = await doComplete(flow, offset, { environment: environment(document.uri), snippets });
      for (const item of list.items) if (item.data) (item.data as CompletionData).uri = document.uri;
      return list;
    },
    resolveCompletion(item) {
      const data = item.data as CompletionData | undefined;
      const flow = data?.uri === undefined ? undefined : documents.peek(data.uri);
      if (data?.resolve !== 'ref' || !flow) return item;
      const documentation = refDocumentation(flow.model, item.label);
      return documentation ? { ...item, documentation } : item;
    },
    doHover(document, position) {
      const place = at(document, position, 'hover');
      if (!place) return Promise.resolve(null);
      const { flow, offset } = place;
      return doHover(flow, offset);
    },
    findDefinition(document, position) {
      const place = at(document, position, 'definition');
      if (!place) return [];
      const { flow, offset } = place;
      return findDefinition(flow, document.uri, offset);
    },
    findReferences(document, position, includeDeclaration) {
      const place = at(document, position, 'references');
      if (!place) return [];
      const { flow, offset } = place;
      return findReferences(flow, document.uri, offset, includeDeclaration);
    },
    findDocumentHighlights(document, position) {
      const place = at(document, position, 'documentHighlight');
      if (!place) return [];
      const { flow, offset } = place;
      return findDocumentHighlights(flow, offset);
    },
    prepareRename(document, position) {
      const place = at(document, position, 'prepareRename');
      if (!place) return null;
      const { flow, offset } = place;
      return prepareRename(flow, offset);
    },
    doRename(document, position, newName) {
      const place = at(document, position, 'rename');
      if (!place) return { refused: `The document is past the limits of analysis: ${pastAnalysisLimits(model(document), settings.maxFileSize)}.` };
      const { flow, offset } = place;
      return doRename(flow, document.uri, offset, newName);
    },
    getFlowGraph(document, params) {
      // A request for a version the server no longer (or not yet) has: the page parses the text it was sent.
      if (params.version !== document.version) return null;
      const flow = within(document, 'graph');
      return flow ? flowGraphOf(flow, document.version, params) : null;
    },
    findDocumentSymbols(document) {
      const flow = within(document, 'documentSymbol');
      return flow ? findDocumentSymbols(flow) : [];
    },
    getFoldingRanges(document, rangeLimit) {
      const flow = within(document, 'foldingRange');
      return flow ? getFoldingRanges(flow, rangeLimit) : [];
    },
    getSelectionRanges(document, positions) {
      const flow = within(document, 'selectionRange');
      return flow ? getSelectionRanges(flow, positions) : [];
    },
    getCodeActions(document, _range, context) {
      const flow = within(document, 'codeAction');
      return flow ? getCodeActions(flow, document.uri, context) : [];
    },
    format(document, range, formatting) {
      const feature = range ? 'rangeFormatting' : 'formatting';
      const flow = within(document, feature);
      if (!flow) return [];
      // Indentation grows with depth: a document within the limits can format into one far past them.
      const bound = formattedLengthBound(flow.text, formatting.insertSpaces ? formatting.tabSize : 1);
      if (bound > settings.maxFileSize) return refuse(document, feature, `formatted, it could reach ${bound.toLocaleString('en-US')} characters, past the limit of ${settings.maxFileSize.toLocaleString('en-US')} (releaseFlow.maxFileSize)`) ?? [];
      return formatFlow(flow, range && { start: flow.lines.offsetAt(range.start), end: flow.lines.offsetAt(range.end) }, formatting);
    },
    getSemanticTokens(document, range) {
      const flow = within(document, range ? 'semanticTokens/range' : 'semanticTokens');
      if (!flow) return { data: [] };
      return getSemanticTokens(flow, range && { start: flow.lines.offsetAt(range.start), end: flow.lines.offsetAt(range.end) });
    },
    semanticTokensLegend: SEMANTIC_TOKENS_LEGEND,
    getCodeLenses(document) {
      const flow = within(document, 'codeLens');
      return flow ? getCodeLenses(flow, document.uri) : [];
    },
    forget(uri) {
      told.delete(uri);
      documents.delete(uri);
      schemaCaches.delete(uri);
      nodeFindingsCaches?.delete(uri);
      detected.delete(uri);
    },
  };
}

/** The path part of a URI, decoded (a malformed escape is left as it is). */
function uriPath(uri: string): string {
  const path = uri.replace(/^[a-z][a-z0-9+.-]*:\/*/i, '/').replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
