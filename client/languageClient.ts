/**
 * The language client: starts the bundled server (dist/server.js) over node
 * IPC the first time a release-flow document is open, not at activation, so
 * that a workspace that only has plain JSON files never pays for a server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FLOW_ENVIRONMENT_NOTIFICATION, FLOW_GRAPH_REQUEST, SETTINGS_SECTION, type FlowEnvironmentParams, type FlowGraphParams, type FlowGraphResult } from '../core/language/protocol';
import { LANGUAGE_ID } from './detection';

export class FlowLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly environments = new Map<string, FlowEnvironmentParams>();
  private readonly environmentChanged = new vscode.EventEmitter<FlowEnvironmentParams>();
  /** Server -> client: the stage and pipeline file the server resolved for a document. */
  readonly onEnvironment = this.environmentChanged.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId === LANGUAGE_ID) void this.start();
    });
    if (vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID)) void this.start();
  }

  environment(uri: vscode.Uri): FlowEnvironmentParams | undefined {
    return this.environments.get(uri.toString());
  }

  get running(): boolean {
    return this.client?.isRunning() ?? false;
  }

  start(): Promise<void> {
    this.starting ??= this.launch().catch((error: Error) => {
      this.log.error(`The release-flow language server did not start: ${error.message}`);
      void vscode.window.showErrorMessage(`Release Flow: the language server did not start (${error.message}). Diagnostics and completion are off; see the "Release Flow" output.`);
      this.starting = undefined;
    });
    return this.starting;
  }

  private async launch(): Promise<void> {
    const module = vscode.Uri.joinPath(this.extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: LANGUAGE_ID },
        { scheme: 'untitled', language: LANGUAGE_ID },
      ],
      synchronize: { configurationSection: SETTINGS_SECTION },
      initializationOptions: vscode.workspace.getConfiguration(SETTINGS_SECTION),
      outputChannelName: 'Release Flow Language Server',
    };
    const client = new LanguageClient('releaseFlow', 'Release Flow Language Server', serverOptions, clientOptions);
    this.client = client;
    await client.start();
    client.onNotification(FLOW_ENVIRONMENT_NOTIFICATION, (params: FlowEnvironmentParams) => {
      this.environments.set(params.uri, params);
      this.environmentChanged.fire(params);
    });
    this.log.info(`Language server started (${module}).`);
  }

  /** Sends a notification once the server runs; dropped (with a log line) when it does not start. */
  async notify(method: string, params: unknown): Promise<void> {
    await this.start();
    if (!this.client?.isRunning()) {
      this.log.warn(`Not sent to the language server (not running): ${method}.`);
      return;
    }
    await this.client.sendNotification(method, params);
  }

  /**
   * The server's graph of a document version (`releaseFlow/graph`), or null when the server is not running,
   * has another version, or does not answer within `waitMs`: the preview then draws from its own parse.
   */
  async flowGraph(params: FlowGraphParams, waitMs: number): Promise<FlowGraphResult | null> {
    const client = this.client;
    if (!client?.isRunning()) return null;
    const cancel = new vscode.CancellationTokenSource();
    const timer = setTimeout(() => cancel.cancel(), waitMs);
    try {
      return await client.sendRequest<FlowGraphResult | null>(FLOW_GRAPH_REQUEST, params, cancel.token);
    } catch (error) {
      if (!cancel.token.isCancellationRequested) this.log.warn(`The language server gave no graph for the preview: ${(error as Error).message}`);
      return null;
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    if (client?.isRunning()) await client.stop();
  }

  dispose(): void {
    this.subscription.dispose();
    this.environmentChanged.dispose();
    void this.stop();
  }
}
