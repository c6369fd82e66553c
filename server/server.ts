import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  type DocumentDiagnosticReport,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type Location,
  type TextDocumentPositionParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type ReleaseFlowLanguageService } from '../core/language/service';
import { DEFAULT_SETTINGS, readSettings, type LanguageSettings } from '../core/language/settings';
import { FLOW_ENVIRONMENT_NOTIFICATION, FLOW_GRAPH_REQUEST, PLATFORM_PIPELINE_NOTIFICATION, SETTINGS_SECTION, type FlowEnvironmentParams, type FlowGraphParams, type PlatformPipelineParams } from '../core/language/protocol';
import { readClientFeatures, serverCapabilities, type ClientFeatures } from './capabilities';
import { withItemDefaults } from './completionDefaults';
import { DiagnosticsScheduler, StaleDiagnostics } from './diagnosticsScheduler';
import { guardDocumentEvents } from './documentGuard';
import { RequestsFirst } from './requestsFirst';
import { Environments, type ServerRuntime } from './environments';
import { runSafe, runSafeNotification, type Logger } from './runSafe';

export type { ServerRuntime } from './environments';

/**
 * The language server: routes LSP requests to the release-flow language
 * service (core/language) and does nothing else. Every handler runs through
 * runSafe; diagnostics go through the one debounced scheduler, pushed, or
 * pulled when the client asks for them.
 */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const documents = new TextDocuments(TextDocument);
  const log: Logger = { error: (message) => connection.console.error(message) };
  let settings: LanguageSettings = DEFAULT_SETTINGS;
  let client: ClientFeatures = readClientFeatures({});
  let folders: string[] = [];
  let service: ReleaseFlowLanguageService = createLanguageService();
  const environments = new Environments(runtime, () => settings, () => folders, (message) => connection.console.warn(message));
  // Completion, hover and the other requests answer before the next step of a validation, not after the whole of it.
  const requestsFirst = new RequestsFirst();
  const scheduler = new DiagnosticsScheduler(
    async (document, early) => {
      // TextDocuments updates documents in place: the version is taken now, to notice edits later.
      const { uri, version } = document;
      // Validation steps yield to the message queue and to requests being answered; an edit stops it.
      const pause = async (): Promise<void> => {
        await requestsFirst.turn();
        if (documents.get(uri)?.version !== version) throw new StaleDiagnostics();
      };
      await environments.ready(uri);
      // Messages already waiting (the next keystroke, a completion) go first: they may make this work moot.
      await pause();
      return service.doValidation(document, pause, early);
    },
    (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    (uri) => documents.get(uri),
    () => settings.delay,
    log,
  );

  /** The open release flow of a request, or undefined for documents the server leaves alone. */
  const flow = (uri: string): TextDocument | undefined => {
    const document = documents.get(uri);
    return document && service.isReleaseFlow(document) ? document : undefined;
  };
  /** A request on a flow, answered safely; other documents get `fallback`. */
  const on = <P extends { textDocument: { uri: string } }, T>(what: string, fallback: T, work: (document: TextDocument, params: P) => T | Promise<T>) =>
    (params: P, token: CancellationToken) =>
      requestsFirst.track(() =>
        runSafe(log, what, token, fallback, () => {
          const document = flow(params.textDocument.uri);
          return document ? work(document, params) : fallback;
        }),
      );

  const applySettings = (raw: unknown): void => {
    const read = readSettings(raw);
    for (const problem of read.problems) connection.console.warn(`release-flow settings: ${problem}`);
    settings = read.settings;
    service.configure(settings);
  };
  const announce = (document: TextDocument): void => {
    const params: FlowEnvironmentParams = environments.describe(document.uri, service.parse(document).model);
    void connection.sendNotification(FLOW_ENVIRONMENT_NOTIFICATION, params);
  };
  /** Settings or pipeline descriptions changed: resolve environments again, then diagnostics. */
  const refreshAll = async (): Promise<void> => {
    scheduler.invalidate();
    const flows = documents.all().filter((document) => service.isReleaseFlow(document));
    await Promise.all(flows.map((document) => environments.resolve(document.uri)));
    for (const document of flows) announce(document);
    if (client.pullDiagnostics) {
      if (client.diagnosticRefresh) await connection.languages.diagnostics.refresh();
    } else {
      for (const document of flows) scheduler.schedule(document);
    }
  };
  const pullConfiguration = async (): Promise<void> => {
    if (!client.configuration) return;
    applySettings(await connection.workspace.getConfiguration(SETTINGS_SECTION));
  };

  connection.onInitialize((params) => {
    client = readClientFeatures(params.capabilities);
    folders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    const options = params.initializationOptions as Record<string, unknown> | undefined;
    applySettings(options?.[SETTINGS_SECTION] ?? options);
    service = createLanguageService({ settings, snippets: client.snippets, environment: (uri) => environments.get(uri), log: (message) => connection.console.info(message) });
    return { capabilities: serverCapabilities(client), serverInfo: { name: 'release-flow-language-server' } };
  });

  connection.onInitialized(() =>
    runSafeNotification(log, 'initialized', async () => {
      if (client.configurationRegistration) await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      if (client.watchedFilesRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: runtime.watchPatterns.map((globPattern) => ({ globPattern })) });
      }
      await pullConfiguration();
      await refreshAll();
    }),
  );
  connection.onDidChangeConfiguration((params) =>
    runSafeNotification(log, 'didChangeConfiguration', async () => {
      if (client.configuration) await pullConfiguration();
      else applySettings((params.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION]);
      await refreshAll();
    }),
  );
  connection.onDidChangeWatchedFiles(() => runSafeNotification(log, 'didChangeWatchedFiles', refreshAll));
  connection.onNotification(PLATFORM_PIPELINE_NOTIFICATION, (params: PlatformPipelineParams) =>
    runSafeNotification(log, 'platformPipeline', async () => {
      if (typeof params?.uri !== 'string') return;
      environments.setPlatformPipeline(params);
      await refreshAll();
    }),
  );

  documents.onDidOpen(({ document }) =>
    runSafeNotification(log, 'didOpen', async () => {
      if (!service.isReleaseFlow(document)) return;
      await environments.resolve(document.uri);
      const current = documents.get(document.uri);
      if (!current) return;
      announce(current);
      if (!client.pullDiagnostics) scheduler.schedule(current);
    }),
  );
  documents.onDidChangeContent(({ document }) =>
    runSafeNotification(log, 'didChange', () => {
      if (!client.pullDiagnostics && service.isReleaseFlow(document)) scheduler.schedule(document);
    }),
  );
  documents.onDidClose(({ document }) =>
    runSafeNotification(log, 'didClose', () => {
      scheduler.forget(document.uri);
      environments.forget(document.uri);
      service.forget(document.uri);
      if (!client.pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    }),
  );

  connection.languages.diagnostics.on((params, token) =>
    runSafe(log, 'diagnostics', token, { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, async (): Promise<DocumentDiagnosticReport> => {
      const document = flow(params.textDocument.uri);
      if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
      await environments.ready(document.uri);
      const resultId = scheduler.resultId(document);
      if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      try {
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: await scheduler.diagnostics(document) };
      } catch (error) {
        if (error instanceof StaleDiagnostics) throw new ResponseError(LSPErrorCodes.ServerCancelled, error.message, { retriggerRequest: true });
        throw error;
      }
    }, { retriggerRequest: true }),
  );

  connection.onCompletion(on('completion', null, async (document, params) => withItemDefaults(await service.doComplete(document, params.position), client.completionDefaults)));
  connection.onCompletionResolve((item, token) => requestsFirst.track(() => runSafe(log, 'completionItem/resolve', token, item, () => service.resolveCompletion(item))));
  connection.onHover(on('hover', null, (document, params) => service.doHover(document, params.position)));
  connection.onDefinition(
    on('definition', [], (document, params) => {
      const links = service.findDefinition(document, params.position);
      return client.definitionLinks ? links : links.map((link): Location => ({ uri: link.targetUri, range: link.targetSelectionRange }));
    }),
  );
  connection.onReferences(on('references', [], (document, params) => service.findReferences(document, params.position, params.context.includeDeclaration)));
  connection.onDocumentHighlight(on('documentHighlight', [], (document, params) => service.findDocumentHighlights(document, params.position)));
  connection.onPrepareRename(
    on('prepareRename', null, (document, params) => {
      const prepared = service.prepareRename(document, params.position);
      if (prepared && 'refused' in prepared) throw new ResponseError(LSPErrorCodes.RequestFailed, prepared.refused);
      return prepared;
    }),
  );
  connection.onRenameRequest(
    on('rename', null, (document, params: TextDocumentPositionParams & { newName: string }) => {
      const edit = service.doRename(document, params.position, params.newName);
      if ('refused' in edit) throw new ResponseError(LSPErrorCodes.RequestFailed, edit.refused);
      return edit;
    }),
  );
  connection.onRequest(FLOW_GRAPH_REQUEST, on('graph', null, (document, params: FlowGraphParams) => service.getFlowGraph(document, params)));
  connection.onDocumentSymbol(on('documentSymbol', [], (document) => service.findDocumentSymbols(document)));
  connection.onFoldingRanges(on('foldingRange', [], (document) => service.getFoldingRanges(document, client.foldingRangeLimit)));
  connection.onSelectionRanges(on('selectionRange', [], (document, params) => service.getSelectionRanges(document, params.positions)));
  connection.onCodeAction(on('codeAction', [], (document, params) => service.getCodeActions(document, params.range, params.context)));
  connection.onDocumentFormatting(on('formatting', [], (document, params) => service.format(document, undefined, params.options)));
  connection.onDocumentRangeFormatting(on('rangeFormatting', [], (document, params) => service.format(document, params.range, params.options)));
  connection.languages.semanticTokens.on(on('semanticTokens', { data: [] }, (document) => service.getSemanticTokens(document)));
  connection.languages.semanticTokens.onRange(on('semanticTokens/range', { data: [] }, (document, params) => service.getSemanticTokens(document, params.range)));
  connection.onCodeLens(on('codeLens', [], (document) => service.getCodeLenses(document)));

  documents.listen(guardDocumentEvents(connection, log));
  connection.listen();
}
