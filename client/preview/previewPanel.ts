/**
 * The flow-graph preview beside the editor, one panel per document
 * (`createOrShow`). The page is core/graph/page.ts's, with a fresh CSP nonce
 * and the bundled dist/webview.js; the document is the model: every edit is
 * sent as text and the webview draws the version it was sent, with the
 * editor's diagnostics for it. The cursor is followed, a click on a node
 * selects it in the editor, and runs of the flow colour the nodes.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitError } from '../../core/git/repository';
import { WorkTreeFile } from '../../core/git/workTreeFile';
import { isWebviewMessage, type BaselineMessage, type CompareChoice, type HostMessage, type UpdateMessage, type WebviewDiagnostic, type WebviewMessage } from '../../core/graph/messages';
import type { FlowGraphParams, FlowGraphResult } from '../../core/language/protocol';
import { buildPreviewPage, createNonce } from '../../core/graph/page';
import type { RunEvent } from '../../core/runs/events';
import type { RunController } from '../runs/runController';
import { nodeIdForPath } from '../../core/graph/build';
import { SETTINGS_SECTION } from '../../core/language/protocol';
import { readSettings as readLanguageSettings } from '../../core/language/settings';

export const PREVIEW_VIEW_TYPE = 'releaseFlow.preview';

const SEVERITIES: Record<vscode.DiagnosticSeverity, WebviewDiagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function toWebviewDiagnostic(d: vscode.Diagnostic): WebviewDiagnostic {
  const result: WebviewDiagnostic = {
    severity: SEVERITIES[d.severity],
    message: d.message,
    range: { start: { line: d.range.start.line, character: d.range.start.character }, end: { line: d.range.end.line, character: d.range.end.character } },
  };
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  if (code !== undefined) result.code = String(code);
  return result;
}

const RUN_EVENT_TYPES = new Set(['run-started', 'node-status', 'note', 'run-finished']);

/** The platform's version of a flow, for the 'platform' comparison (client/northflank). */
export interface PlatformBaseline {
  /** True when the flow is linked and a token is there: the toolbar offers 'platform'. */
  canCompare(document: vscode.TextDocument): Promise<boolean>;
  /** The platform's flow text; throws what went wrong (one line). */
  platformText(document: vscode.TextDocument): Promise<{ text: string; label: string }>;
  /** Signed in or out, linked: the choices are offered again. */
  readonly onDidChange: vscode.Event<void>;
}

/** Where the first picture's graph comes from: the language server, which has the document parsed already. */
export interface GraphSource {
  flowGraph(params: FlowGraphParams, waitMs: number): Promise<FlowGraphResult | null>;
}

/**
 * How long the first update waits, once the page is ready, for the server's graph. A busy server
 * (validating a large flow just opened) answers between its steps; past this, the page parsing the text
 * itself is as quick.
 */
const GRAPH_WAIT_MS = 400;

export class PreviewPanels implements vscode.Disposable {
  private readonly panels = new Map<string, PreviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: RunController,
    private readonly platform?: PlatformBaseline,
    private readonly graphs?: GraphSource,
  ) {}

  /** Shows the preview of `document`, creating it beside the editor when there is none. */
  show(document: vscode.TextDocument, column: vscode.ViewColumn = vscode.ViewColumn.Beside): void {
    const key = document.uri.toString();
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(column, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, `Preview ${path.basename(document.uri.path)}`, { viewColumn: column, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    });
    const preview = new PreviewPanel(panel, document, this.extensionUri, this.runs, this.platform, this.graphs);
    this.panels.set(key, preview);
    panel.onDidDispose(() => this.panels.delete(key));
  }

  dispose(): void {
    for (const preview of this.panels.values()) preview.panel.dispose();
  }
}

class PreviewPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private updateTimer: NodeJS.Timeout | undefined;
  /** What the graph is compared with; kept across reloads of the page. */
  private against: CompareChoice = 'off';
  /** What the toolbar offers: 'platform' only for a linked flow, signed in. */
  private choices: readonly CompareChoice[] = [];
  /** Counts the changes scheduled for the page: a first update that waited for the server is sent only if none came meanwhile. */
  private changes = 0;
  /** The server's graph, asked for when the page starts loading: the request runs while the webview loads. */
  private prefetched: { update: UpdateMessage; answer: Promise<FlowGraphResult | null> } | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private document: vscode.TextDocument,
    private readonly extensionUri: vscode.Uri,
    runs: RunController,
    private readonly platform?: PlatformBaseline,
    private readonly graphs?: GraphSource,
  ) {
    panel.iconPath = { light: vscode.Uri.joinPath(extensionUri, 'media', 'preview-light.svg'), dark: vscode.Uri.joinPath(extensionUri, 'media', 'preview-dark.svg') };
    // The page is written once its choices are known (a local check, no request), so that it does not load twice.
    if (platform) void this.offerPlatform();
    else this.render(['off', 'HEAD']);
    const uri = document.uri.toString();
    if (platform) this.disposables.push(platform.onDidChange(() => void this.offerPlatform()));
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isWebviewMessage(message)) void this.receive(message, runs);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === uri) this.scheduleUpdate();
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        // Reopened after it was closed: follow the new document object.
        if (d.uri.toString() === uri) {
          this.document = d;
          this.scheduleUpdate();
        }
      }),
      // A commit moves HEAD: compare again when the file is saved or the panel comes back.
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.toString() === uri && this.against === 'HEAD') void this.sendBaseline();
      }),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible && this.against === 'HEAD') void this.sendBaseline();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.maxFileSize`, this.document.uri)) this.scheduleUpdate();
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri)) this.scheduleUpdate();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.ready && e.textEditor.document.uri.toString() === uri) {
          const position = e.selections[0]?.active;
          if (position) void this.post({ type: 'cursor', position: { line: position.line, character: position.character } });
        }
      }),
      runs.onEvent(({ flowFile, event }) => {
        if (this.ready && flowFile === this.document.uri.fsPath && RUN_EVENT_TYPES.has(event.type)) void this.post({ type: 'runStatus', events: [event as RunEvent] });
      }),
    );
    panel.onDidDispose(() => this.dispose());
  }

  /** The page, with the comparisons the toolbar offers; a new set reloads it (the choice made is kept). */
  private render(choices: readonly CompareChoice[]): void {
    if (choices.join() === this.choices.join()) return;
    this.choices = choices;
    this.ready = false;
    this.prefetchGraph();
    const webview = this.panel.webview;
    webview.html = buildPreviewPage({
      title: path.basename(this.document.uri.path),
      script: { uri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString() },
      cspSource: webview.cspSource,
      nonce: createNonce(),
      theme: 'vscode',
      compareChoices: choices,
    });
  }

  /** 'platform' is offered when the flow is linked and signed in (no request is made to know it). */
  private async offerPlatform(): Promise<void> {
    const available = this.platform ? await this.platform.canCompare(this.document).catch(() => false) : false;
    if (!available && this.against === 'platform') this.against = 'off';
    const before = this.choices;
    this.render(available ? ['off', 'HEAD', 'platform'] : ['off', 'HEAD']);
    // Same page (a push, a new token): the platform's version may have changed.
    if (before === this.choices && this.ready && this.against === 'platform') await this.sendBaseline();
  }

  private async receive(message: WebviewMessage, runs: RunController): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        if (this.against !== 'off') await this.sendBaseline();
        await this.post(await this.firstUpdate());
        const events = runs.latestEvents(this.document.uri.fsPath);
        if (events.length > 0) await this.post({ type: 'runStatus', events });
        return;
      }
      case 'reveal': {
        const { start, end } = message.selectionRange;
        const selection = new vscode.Selection(start.line, start.character, end.line, end.character);
        const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.document.uri.toString());
        const editor = await vscode.window.showTextDocument(this.document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
        editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
      case 'compare': {
        this.against = message.against;
        await this.sendBaseline();
        return;
      }
      case 'decideApproval': {
        // The node of the latest run of this flow that the card stands for.
        const events = runs.latestEvents(this.document.uri.fsPath);
        const started = events.find((e) => e.type === 'run-started');
        const node = started?.type === 'run-started' ? started.nodes.find((n) => nodeIdForPath(n.path) === message.nodeId) : undefined;
        if (!started || !node || !runs.decideApproval(started.runId, node.index, message.decision)) {
          void vscode.window.showWarningMessage('That node no longer waits for approval here: it was decided already, or its run ended.');
        }
        return;
      }
      case 'export': {
        const folder = this.document.uri.scheme === 'file' ? vscode.Uri.file(path.dirname(this.document.uri.fsPath)) : undefined;
        const target = await vscode.window.showSaveDialog({
          defaultUri: folder ? vscode.Uri.joinPath(folder, message.fileName) : undefined,
          filters: message.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
        });
        if (!target) return;
        const bytes = message.format === 'svg' ? Buffer.from(message.data, 'utf8') : Buffer.from(message.data.replace(/^data:image\/png;base64,/, ''), 'base64');
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.showInformationMessage(`Saved the flow graph as ${path.basename(target.fsPath)}.`);
        return;
      }
    }
  }

  private async sendBaseline(): Promise<void> {
    const message = await this.baseline();
    if (message.text === undefined) this.against = 'off';
    if (this.ready) await this.post(message);
  }

  /** The version chosen in the toolbar, or why there is none. */
  private async baseline(): Promise<BaselineMessage> {
    if (this.against === 'off') return { type: 'baseline' };
    if (this.against === 'platform') {
      if (!this.platform) return { type: 'baseline', error: 'Comparing with the platform needs the Northflank connection.' };
      try {
        const { text, label } = await this.platform.platformText(this.document);
        return { type: 'baseline', label, text };
      } catch (error) {
        return { type: 'baseline', error: (error as Error).message.replace(/\s+/g, ' ') };
      }
    }
    if (this.document.uri.scheme !== 'file') return { type: 'baseline', error: 'Only a file on disk can be compared with HEAD.' };
    try {
      const text = await (await WorkTreeFile.open(this.document.uri.fsPath)).headText();
      // A file HEAD does not have yet: everything in it is new.
      return { type: 'baseline', label: 'HEAD', text: text ?? '' };
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      return { type: 'baseline', error: error.code === 'no-repo' ? `${path.basename(this.document.uri.fsPath)} is not in a Git repository: there is no HEAD to compare with.` : error.message };
    }
  }

  /** Typing sends many changes; the graph is redrawn for the last of a burst. */
  private scheduleUpdate(): void {
    if (!this.ready) return;
    this.changes++;
    clearTimeout(this.updateTimer);
    this.updateTimer = setTimeout(() => void this.post(this.updateMessage()), 50);
  }

  /**
   * The page's first update, with the language server's graph of the same version when it has it: the page
   * draws that at once and parses the text when idle (a 5,000-node flow's parse is most of a first picture).
   * Not when comparing: the page needs its own model to compare.
   */
  private async firstUpdate(): Promise<UpdateMessage> {
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    const update = this.updateMessage();
    if (!this.graphs || this.against !== 'off') return update;
    const seen = this.changes;
    // The graph asked for while the page loaded, if it is of this very version and these diagnostics.
    const reusable = prefetched && prefetched.update.version === update.version && JSON.stringify(prefetched.update.diagnostics) === JSON.stringify(update.diagnostics);
    const asked = reusable ? prefetched.answer : this.askGraph(update);
    const answer = await Promise.race([asked, new Promise<null>((resolve) => setTimeout(() => resolve(null), GRAPH_WAIT_MS))]);
    // Edited (or new diagnostics) while waiting: the newest text goes instead, parsed by the page.
    if (this.changes !== seen || this.document.version !== update.version) {
      clearTimeout(this.updateTimer);
      return this.updateMessage();
    }
    if (answer?.version === update.version) update.graph = answer.graph;
    return update;
  }

  /** Asks the server for the graph as the page starts loading (a webview takes longer to load than the server to answer). */
  private prefetchGraph(): void {
    if (!this.graphs || this.against !== 'off') {
      this.prefetched = undefined;
      return;
    }
    const update = this.updateMessage();
    this.prefetched = { update, answer: this.askGraph(update) };
  }

  private askGraph(update: UpdateMessage): Promise<FlowGraphResult | null> {
    // The wait that matters is the page's (firstUpdate); this one only ends a request nobody uses any more.
    return this.graphs?.flowGraph({ textDocument: { uri: this.document.uri.toString() }, version: update.version, diagnostics: update.diagnostics }, 10 * GRAPH_WAIT_MS) ?? Promise.resolve(null);
  }

  private updateMessage(): UpdateMessage {
    return {
      type: 'update',
      text: this.document.getText(),
      version: this.document.version,
      fileName: path.basename(this.document.uri.path),
      diagnostics: vscode.languages.getDiagnostics(this.document.uri).map(toWebviewDiagnostic),
      // Checked as the language server checks it: a wrong value means the default.
      maxFileSize: readLanguageSettings({ maxFileSize: vscode.workspace.getConfiguration(SETTINGS_SECTION, this.document.uri).get<unknown>('maxFileSize') }).settings.maxFileSize,
    };
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    clearTimeout(this.updateTimer);
    for (const d of this.disposables) d.dispose();
  }
}
