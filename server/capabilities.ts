import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver';
import { SEMANTIC_TOKENS_LEGEND } from '../core/language/semanticTokens';

/** What the server needs to know about the client, read once at initialize. */
export interface ClientFeatures {
  snippets: boolean;
  definitionLinks: boolean;
  /** The client pulls diagnostics (textDocument/diagnostic): the server then does not push them too. */
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  configuration: boolean;
  watchedFilesRegistration: boolean;
  configurationRegistration: boolean;
  foldingRangeLimit: number | undefined;
  /** CompletionList.itemDefaults the client understands (LSP 3.17), e.g. `editRange`, `data`. */
  completionDefaults: readonly string[];
}

export function readClientFeatures(capabilities: ClientCapabilities): ClientFeatures {
  const text = capabilities.textDocument;
  return {
    snippets: text?.completion?.completionItem?.snippetSupport === true,
    definitionLinks: text?.definition?.linkSupport === true,
    pullDiagnostics: text?.diagnostic !== undefined,
    diagnosticRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
    configuration: capabilities.workspace?.configuration === true,
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configurationRegistration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    foldingRangeLimit: text?.foldingRange?.rangeLimit,
    completionDefaults: text?.completion?.completionList?.itemDefaults ?? [],
  };
}

/** Everything the server answers. Characters that start completion: quotes and colons (schema values), `.`, `{` and `$` (expressions). */
export function serverCapabilities(client: ClientFeatures): ServerCapabilities {
  const capabilities: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    completionProvider: { triggerCharacters: ['"', ':', '.', '{', '$', '(', ','], resolveProvider: true },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: { label: 'Release flow' },
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
    codeLensProvider: { resolveProvider: false },
  };
  if (client.pullDiagnostics) capabilities.diagnosticProvider = { identifier: 'release-flow', interFileDependencies: false, workspaceDiagnostics: false };
  return capabilities;
}
