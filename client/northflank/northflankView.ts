/**
 * The Northflank view: each linked flow's release flow on its stage (paused
 * or not, the last run's status), its latest runs (live while running:
 * followed runs by their events, others read again every 15 s while the
 * view is shown), and each run's node tree with statuses, attempts and
 * errors. Signed out or with nothing linked, it is empty and the welcome
 * content offers Sign In and Link.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary as PlatformRunSummary } from '../../core/northflank/client';
import { RemoteRunTracker, runStatusOf } from '../../core/northflank/remoteRuns';
import { describeTarget } from '../../core/northflank/target';
import { escape, icon, NODE_ICONS, RUN_ICONS } from '../runs/runsView';
import type { RunController } from '../runs/runController';
import type { FlowTarget } from './flowTarget';
import type { Northflank } from './northflank';
import { RemoteRunState, type RemoteNodeState } from './runState';

const RUNS_SHOWN = 10;
const LIVE_REFRESH_MS = 15_000;

export class FlowEntry {
  readonly type = 'nf-flow';
  constructor(
    readonly flow: FlowTarget,
    /** Where the token comes from, for the tooltip. */
    readonly tokenSource: string,
    readonly info: { paused: boolean; status: string; lastRun: PlatformRunSummary | undefined; runs: PlatformRunSummary[] } | { error: string },
  ) {}
  get flowUri(): vscode.Uri {
    return vscode.Uri.file(this.flow.flowFile);
  }
}

export class RemoteRunEntry {
  readonly type = 'nf-run';
  constructor(
    readonly flow: FlowTarget,
    readonly summary: PlatformRunSummary,
  ) {}
  get flowUri(): vscode.Uri {
    return vscode.Uri.file(this.flow.flowFile);
  }
  get runId(): string {
    return this.summary.id;
  }
}

export class RemoteNodeEntry {
  readonly type = 'nf-node';
  constructor(
    readonly run: RemoteRunEntry,
    readonly state: RemoteRunState,
    readonly node: RemoteNodeState,
  ) {}
  get flowUri(): vscode.Uri {
    return this.run.flowUri;
  }
}

export class MessageEntry {
  readonly type = 'nf-message';
  constructor(readonly text: string) {}
}

export type NorthflankItem = FlowEntry | RemoteRunEntry | RemoteNodeEntry | MessageEntry;

export class NorthflankView implements vscode.TreeDataProvider<NorthflankItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NorthflankItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  private visible = false;
  /** Node trees of concluded runs, read once. */
  private readonly concluded = new Map<string, RemoteRunState>();
  /** What the platform said of each flow (its stage's flow and latest runs), until a full refresh: a node's change, or another editor, asks the platform nothing. */
  private readonly infos = new Map<string, Promise<FlowEntry['info']>>();
  /** The last failure told per flow, so that reading again does not say it again. */
  private readonly told = new Map<string, string>();

  constructor(
    private readonly northflank: Northflank,
    runs: RunController,
  ) {
    const links = vscode.workspace.createFileSystemWatcher('**/.northflank/release-flow-links.json');
    this.disposables.push(
      this.changed,
      links,
      links.onDidCreate(() => this.refreshSoon()),
      links.onDidChange(() => this.refreshSoon()),
      links.onDidDelete(() => this.refreshSoon()),
      northflank.onDidChange(() => this.refreshSoon(true)),
      runs.onEvent(({ source, event }) => {
        // A run started or ended changes the run list; a node's change only the followed run's own items.
        if (source === 'northflank' && (event.type === 'run-started' || event.type === 'run-finished')) this.refreshSoon(true);
        else if (source === 'northflank' && event.type === 'node-status') this.refreshSoon();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshSoon()),
    );
  }

  /**
   * A flow the platform would not give is a warning row in the view, and
   * also the usual notification with "Show Log", once per flow and message:
   * the view reads again every 15 s while runs go on, and says it only again
   * after a read that worked.
   */
  private tellOnce(key: string, error: Error, what: string): void {
    if (this.told.get(key) === error.message) return;
    this.told.set(key, error.message);
    try {
      this.northflank.report(error, what);
    } catch {
      // Not the platform's, the target's or the token's: the row shows it.
    }
  }

  /** Told by the entry point when the view is shown or hidden: live runs are read again only while it is shown. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.refresh();
  }

  refreshSoon(full = false): void {
    if (full) this.infos.clear();
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, 150);
  }

  /** Reads everything from the platform again. */
  refresh(): void {
    this.infos.clear();
    this.changed.fire(undefined);
  }

  async getChildren(element?: NorthflankItem): Promise<NorthflankItem[]> {
    if (!element) return this.roots();
    if (element instanceof FlowEntry) {
      if ('error' in element.info) return [new MessageEntry(element.info.error)];
      return element.info.runs.length === 0 ? [new MessageEntry('No runs yet.')] : element.info.runs.map((run) => new RemoteRunEntry(element.flow, run));
    }
    if (element instanceof RemoteRunEntry) {
      const state = await this.runState(element);
      return state ? state.children(undefined).map((node) => new RemoteNodeEntry(element, state, node)) : [];
    }
    if (element instanceof RemoteNodeEntry) return element.state.children(element.node.info.index).map((node) => new RemoteNodeEntry(element.run, element.state, node));
    return [];
  }

  private async roots(): Promise<NorthflankItem[]> {
    clearTimeout(this.liveTimer);
    const connected = await this.northflank.connection.client();
    if (!connected) return [];
    const flows = await this.northflank.flows();
    let live = false;
    const entries = await Promise.all(flows.map(async (flow) => {
      const key = `${flow.flowFile}\u0000${JSON.stringify(flow.target)}`;
      let info = this.infos.get(key);
      if (!info) {
        info = Promise.all([connected.client.getReleaseFlow(flow.target), connected.client.listRuns(flow.target, { perPage: RUNS_SHOWN })]).then(
          ([result, page]): FlowEntry['info'] => ({ paused: result.paused === true, status: result.status, lastRun: page.runs[0], runs: page.runs }),
          (error: Error): FlowEntry['info'] => {
            this.tellOnce(key, error, `read ${describeTarget(flow.target)}`);
            return { error: error.message };
          },
        );
        this.infos.set(key, info);
      }
      const found = await info;
      if ('runs' in found) this.told.delete(key);
      if ('runs' in found && found.runs.some((run) => !run.concluded && !this.northflank.followed(run.id))) live = true;
      return new FlowEntry(flow, connected.credentials.source, found);
    }));
    // Runs going on that nobody here follows: read again while the view is shown.
    if (live && this.visible) this.liveTimer = setTimeout(() => this.refresh(), LIVE_REFRESH_MS);
    return entries;
  }

  private async runState(entry: RemoteRunEntry): Promise<RemoteRunState | undefined> {
    const followed = this.northflank.followed(entry.runId);
    if (followed) return followed.state;
    const cached = this.concluded.get(entry.runId);
    if (cached) return cached;
    const connected = await this.northflank.connection.client();
    if (!connected) return undefined;
    try {
      const details = await connected.client.getRun(entry.flow.target, entry.runId);
      const state = new RemoteRunState();
      for (const event of new RemoteRunTracker({ flowFile: entry.flow.flowFile, target: entry.flow.target }).update(details)) state.apply(event);
      if (details.concluded) this.concluded.set(entry.runId, state);
      return state;
    } catch (error) {
      this.northflank.report(error, `read run ${entry.runId.slice(0, 8)}`);
      return undefined;
    }
  }

  getTreeItem(element: NorthflankItem): vscode.TreeItem {
    if (element instanceof FlowEntry) return flowItem(element);
    if (element instanceof RemoteRunEntry) return this.runItem(element);
    if (element instanceof RemoteNodeEntry) return nodeItem(element);
    const item = new vscode.TreeItem(element.text);
    item.iconPath = new vscode.ThemeIcon('info');
    return item;
  }

  private runItem(entry: RemoteRunEntry): vscode.TreeItem {
    const r = entry.summary;
    const followed = this.northflank.followed(r.id);
    const status = followed ? followed.state.status : runStatusOf(r);
    const label = r.name ?? `Run ${r.id.slice(0, 8)}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `nf-run:${r.id}`;
    item.iconPath = icon(RUN_ICONS[status] ?? RUN_ICONS.pending);
    const progress = followed ? followed.state.progress() : undefined;
    item.description = `${status}${progress && !r.concluded ? ` ${progress.done}/${progress.total}` : ''}${followed ? ' · followed' : ''} · ${(r.startedAt ?? r.createdAt).slice(0, 19).replace('T', ' ')}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(label)}** — ${status}\n\nRun \`${r.id}\` on Northflank, ${escape(describeTarget(entry.flow.target))}\n\n`);
    if (r.description) tooltip.appendMarkdown(`${escape(r.description)}\n\n`);
    if (followed?.state.error) tooltip.appendMarkdown(`Error: ${escape(followed.state.error)}\n\n`);
    item.tooltip = tooltip;
    const live = status !== 'success' && status !== 'failure' && status !== 'aborted';
    item.contextValue = live ? (followed ? 'releaseFlow.nf.run.live.followed' : 'releaseFlow.nf.run.live') : 'releaseFlow.nf.run.done';
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.liveTimer);
    for (const d of this.disposables) d.dispose();
  }
}

function flowItem(entry: FlowEntry): vscode.TreeItem {
  const { flow, info } = entry;
  const item = new vscode.TreeItem(`${flow.target.stage} · ${path.basename(flow.flowFile)}`, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `nf-flow:${flow.flowFile}`;
  item.resourceUri = entry.flowUri;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escape(path.basename(flow.flowFile))}** on Northflank: ${escape(describeTarget(flow.target))}\n\n`);
  tooltip.appendMarkdown(`Target from: ${escape(Object.entries(flow.from).map(([field, source]) => `${field} ← ${source}`).join(', '))}\n\n`);
  tooltip.appendMarkdown(`Token: ${escape(entry.tokenSource)}\n\n`);
  if ('error' in info) {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.description = 'cannot be read';
    tooltip.appendMarkdown(escape(info.error));
    item.contextValue = 'releaseFlow.nf.flow.error';
  } else {
    item.iconPath = new vscode.ThemeIcon(info.paused ? 'debug-pause' : 'cloud');
    const last = info.lastRun ? `last run ${runStatusOf(info.lastRun)} ${(info.lastRun.startedAt ?? info.lastRun.createdAt).slice(0, 16).replace('T', ' ')}` : 'no runs';
    item.description = `${info.paused ? 'paused' : 'active'} · ${last}`;
    tooltip.appendMarkdown(`Triggers ${info.paused ? 'paused' : 'active'} on the platform; ${escape(last)}.`);
    item.contextValue = info.paused ? 'releaseFlow.nf.flow.paused' : 'releaseFlow.nf.flow.active';
  }
  item.tooltip = tooltip;
  return item;
}

function nodeItem(entry: RemoteNodeEntry): vscode.TreeItem {
  const { info, status, attempt, maxAttempts, error } = entry.node;
  const of = maxAttempts !== undefined && maxAttempts > 1 ? ` of ${maxAttempts}` : '';
  const label = info.ref ?? (info.workflowType ? `${info.kind} (${info.workflowType})` : info.kind);
  const hasSteps = entry.state.hasSteps(info.index);
  const item = new vscode.TreeItem(label, hasSteps ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `nf-node:${entry.run.runId}:${info.index}`;
  item.iconPath = icon(NODE_ICONS[status] ?? NODE_ICONS.pending);
  item.description = `${info.ref !== undefined ? `${info.kind} · ` : ''}${status}${attempt > 1 || of !== '' ? ` (attempt ${attempt}${of})` : ''}${error ? ` · ${error.message}` : ''}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escape(info.ref ?? info.kind)}** (${info.kind}) — ${status}${attempt > 0 ? `, attempt ${attempt}${of}` : ''}\n\n`);
  if (error) tooltip.appendMarkdown(`Error \`${error.code}\`: ${escape(error.message)}\n\n`);
  if (entry.node.outputs !== undefined) tooltip.appendCodeblock(JSON.stringify(entry.node.outputs, null, 2), 'json');
  item.tooltip = tooltip;
  item.contextValue = 'releaseFlow.nf.node';
  return item;
}
