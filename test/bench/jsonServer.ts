/**
 * The benchmark's anchor: a JSON language server over stdio built on
 * vscode-json-languageservice (the library inside VS Code's own
 * vscode-json-language-server) and given the release-flow schema. It does
 * what that server does for a document, in the same way: incremental text
 * sync, one parse per document version shared by every request, validation
 * after a debounce, diagnostics published for the version they were computed
 * for (dropped if the document moved on). Its debounce is ours
 * (`--delay MS`), so the two servers' figures differ only by their work.
 *
 * Run as `node out/test/bench/jsonServer.js --stdio --delay 20`.
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { JSONDocument } from 'vscode-json-languageservice';
import { jsonLanguageService } from '../../core/schema/schema';

const delayArgument = process.argv.indexOf('--delay');
const delay = delayArgument > 0 ? Number(process.argv[delayArgument + 1]) : 20;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = jsonLanguageService();
/** The parse of each document's latest version (VS Code's server keeps a small LRU of them). */
const parsed = new Map<string, { version: number; json: JSONDocument }>();
const timers = new Map<string, NodeJS.Timeout>();

function jsonDocument(document: TextDocument): JSONDocument {
  const cached = parsed.get(document.uri);
  if (cached?.version === document.version) return cached.json;
  const json = service.parseJSONDocument(document);
  parsed.set(document.uri, { version: document.version, json });
  return json;
}

async function validate(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const diagnostics = await service.doValidation(document, jsonDocument(document), { comments: 'error', trailingCommas: 'error', schemaValidation: 'error' });
  if (documents.get(uri)?.version === version) void connection.sendDiagnostics({ uri, version, diagnostics });
}

function schedule(document: TextDocument): void {
  clearTimeout(timers.get(document.uri));
  timers.set(document.uri, setTimeout(() => void validate(document.uri), delay));
}

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, completionProvider: { triggerCharacters: ['"', ':'] }, hoverProvider: true },
  serverInfo: { name: 'json-ls-anchor' },
}));
documents.onDidChangeContent(({ document }) => schedule(document));
documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  parsed.delete(document.uri);
});
connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? service.doComplete(document, params.position, jsonDocument(document)) : null;
});
connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? service.doHover(document, params.position, jsonDocument(document)) : null;
});
documents.listen(connection);
connection.listen();
