import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = path.join(__dirname, '../../..');
export const serverBundle = path.join(repoRoot, 'dist/server.js');

/** Everything a test client announces by default: snippets, links, watched files; no pull diagnostics. */
export const CAPABILITIES: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['editRange', 'data'] } },
    definition: { linkSupport: true },
    rename: { prepareSupport: true },
    publishDiagnostics: { versionSupport: true },
    semanticTokens: { requests: { full: true, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
  },
  workspace: { configuration: false },
};

/**
 * A real LSP client: spawns the bundled server (`node dist/server.js --stdio`)
 * and talks JSON-RPC over its stdio. Waits are on messages, never on time.
 */
export class TestClient {
  readonly connection: ProtocolConnection;
  /** The latest diagnostics per document, and those waiting for a version. */
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiting: { uri: string; version: number; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  private readonly notifications = new Map<string, unknown[]>();
  private readonly notificationWaiters: { method: string; resolve: (params: unknown) => void }[] = [];
  readonly stderr: string[] = [];
  /** Called with every diagnostics notification, as it arrives. */
  private readonly diagnosticsListeners: ((params: PublishDiagnosticsParams) => void)[] = [];
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params);
      for (const listener of this.diagnosticsListeners) listener(params);
      for (const waiter of [...this.waiting]) {
        if (waiter.uri === params.uri && (params.version ?? 0) >= waiter.version) {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onUnhandledNotification((message) => {
      const list = this.notifications.get(message.method) ?? [];
      list.push(message.params);
      this.notifications.set(message.method, list);
      for (const waiter of [...this.notificationWaiters]) {
        if (waiter.method === message.method) {
          this.notificationWaiters.splice(this.notificationWaiters.indexOf(waiter), 1);
          waiter.resolve(message.params);
        }
      }
    });
    // Server -> client requests: registrations and refreshes are acknowledged; no configuration is set.
    for (const method of ['client/registerCapability', 'workspace/diagnostic/refresh', 'window/workDoneProgress/create']) this.connection.onRequest(method, () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    this.connection.listen();
  }

  static async start(options: { capabilities?: ClientCapabilities; initializationOptions?: unknown; rootUri?: string | null; argv?: string[] } = {}): Promise<{ client: TestClient; initialize: InitializeResult }> {
    const child = spawn(process.execPath, options.argv ?? [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new TestClient(child);
    const initialize = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: options.capabilities ?? CAPABILITIES,
      initializationOptions: options.initializationOptions,
      workspaceFolders: null,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, initialize };
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Resolves with the first diagnostics published for `uri` at `version` or later (at once if already received). */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    if (latest && (latest.version ?? 0) >= version) return Promise.resolve(latest);
    return new Promise((resolve) => this.waiting.push({ uri, version, resolve }));
  }

  /** Calls `listener` with every diagnostics notification from now on. */
  onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): void {
    this.diagnosticsListeners.push(listener);
  }

  /** Resolves with the next (or an already received) notification of a method the client has no handler for. */
  notification(method: string): Promise<unknown> {
    const received = this.notifications.get(method);
    if (received && received.length > 0) return Promise.resolve(received.shift());
    return new Promise((resolve) => this.notificationWaiters.push({ method, resolve }));
  }

  /** shutdown, then exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }
}
