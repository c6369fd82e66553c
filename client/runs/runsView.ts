/**
 * The Runs view: the runs recorded in the workspace's state folders (made by
 * the editor or by `release-flow run`), newest first, each with its nodes and
 * their status icons; a node's outputs show on hover (masked by the runner
 * before they were recorded). Live runs show their nodes' latest statuses.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NodeStatus, RunStatus } from '../../core/runs/events';
import { STATE_FOLDER, type NodeRecord, type RunRecord, type RunStore, type RunSummary } from '../../core/runs/store';
import { describeRetries } from '../../core/runs/retries';
import type { FlowContexts } from '../flowContext';
import type { RunController } from './runController';

const MAX_RUNS = 50;

export const NODE_ICONS: Record<NodeStatus, [string, string | undefined]> = {
  pending: ['circle-outline', undefined],
  running: ['sync~spin', 'charts.blue'],
  waiting: ['watch', 'charts.yellow'],
  retrying: ['debug-restart', 'charts.orange'],
  approval_wait: ['person', 'charts.yellow'],
  async_wait: ['watch', 'charts.yellow'],
  success: ['pass', 'testing.iconPassed'],
  failure: ['error', 'testing.iconFailed'],
  skipped: ['debug-step-over', 'disabledForeground'],
  aborting: ['loading~spin', 'testing.iconSkipped'],
  aborted: ['circle-slash', 'testing.iconSkipped'],
};

export const RUN_ICONS: Record<RunStatus, [string, string | undefined]> = {
  queued: ['clock', undefined],
  pending: ['clock', undefined],
  running: ['sync~spin', 'charts.blue'],
  success: ['pass', 'testing.iconPassed'],
  failure: ['error', 'testing.iconFailed'],
  aborting: ['loading~spin', 'testing.iconSkipped'],
  aborted: ['circle-slash', 'testing.iconSkipped'],
  interrupted: ['warning', 'list.warningForeground'],
};

export const icon = ([id, color]: [string, string | undefined]): vscode.ThemeIcon => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);

export class RunItem {
  readonly type = 'run';
  constructor(
    readonly summary: RunSummary,
    private readonly store: RunStore,
  ) {}
  get flowUri(): vscode.Uri {
    return vscode.Uri.file(this.summary.flowFile);
  }
  /** The whole record (nodes, arguments, stage state), read when needed. */
  record(): Promise<RunRecord> {
    return this.store.get(this.summary.id);
  }
}

export class NodeItem {
  readonly type = 'node';
  constructor(
    readonly run: RunRecord,
    readonly node: NodeRecord,
    readonly hasSteps: boolean,
  ) {}
  get flowUri(): vscode.Uri {
    return vscode.Uri.file(this.run.flow.file);
  }
}

export type Item = RunItem | NodeItem;

export class RunsView implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly contexts: FlowContexts,
    private readonly controller: RunController,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${STATE_FOLDER}/runs/*.json`);
    this.disposables.push(
      this.changed,
      watcher,
      // Runs of the CLI, or of another window, appear too.
      watcher.onDidCreate(() => this.refreshSoon()),
      watcher.onDidChange(() => this.refreshSoon()),
      watcher.onDidDelete(() => this.refreshSoon()),
      controller.onEvent(() => this.refreshSoon()),
    );
  }

  /** Many events arrive together (a parallel workflow): the tree is redrawn once for them. */
  refreshSoon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, 100);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  private async folders(): Promise<string[]> {
    const roots = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      roots.add((await this.contexts.gitRoot(folder.uri.fsPath)) ?? folder.uri.fsPath);
    }
    for (const stateFolder of this.contexts.storeFolders) roots.add(path.dirname(stateFolder));
    return [...roots];
  }

  /** Every recorded run of the workspace, newest first. */
  async runs(): Promise<RunItem[]> {
    const all: RunItem[] = [];
    for (const root of await this.folders()) {
      const store = await this.contexts.existingStore(root).catch(() => undefined);
      if (store) all.push(...(await store.list()).runs.map((summary) => new RunItem(summary, store)));
    }
    return all.sort((a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt)).slice(0, MAX_RUNS);
  }

  /** Runs, then each run's nodes as the flow nests them: a workflow holds its steps. */
  async getChildren(element?: Item): Promise<Item[]> {
    if (!element) return this.runs();
    const record = element instanceof RunItem ? await element.record().catch(() => undefined) : element.run;
    if (!record) return [];
    const parent = element instanceof NodeItem ? element.node.index : undefined;
    const live = this.controller.active.find((r) => r.runId === record.id);
    return record.nodes
      .filter((node) => node.parent === parent)
      .map((node) => {
        const status = live?.nodes.get(node.index)?.status;
        return new NodeItem(record, status !== undefined && status !== node.status ? { ...node, status } : node, record.nodes.some((n) => n.parent === node.index));
      });
  }

  getTreeItem(element: Item): vscode.TreeItem {
    return element instanceof RunItem ? this.runItem(element) : nodeItem(element);
  }

  private runItem(element: RunItem): vscode.TreeItem {
    const r = element.summary;
    const live = this.controller.active.find((run) => run.runId === r.id);
    const status: RunStatus = live?.status ?? r.status;
    const label = r.name ?? (r.kind === 'rollback' ? `Rollback to ${r.rollbackOf?.slice(0, 8) ?? '?'}` : `Run ${r.id.slice(0, 8)}`);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `run:${r.id}`;
    item.iconPath = icon(RUN_ICONS[status] ?? RUN_ICONS.pending);
    const platform = r.source === 'northflank';
    // Platform runs are marked, and are never rolled back locally.
    item.description = `${platform ? `Northflank${r.remote ? ` ${r.remote.project}/${r.remote.pipeline}` : ''} · ` : ''}${status} · ${path.basename(r.flowFile)} · ${r.stage} · ${r.createdAt.slice(0, 19).replace('T', ' ')}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(label)}** — ${status}\n\n`);
    tooltip.appendMarkdown(`Run \`${r.id}\` of \`${escape(r.flowFile)}\` on ${escape(r.stage)}${platform ? ' (on Northflank)' : ' (local simulation)'}\n\n`);
    if (r.startedAt && r.concludedAt) tooltip.appendMarkdown(`Took ${((Date.parse(r.concludedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s\n\n`);
    if (r.error) tooltip.appendMarkdown(`Error: ${escape(r.error)}\n\n`);
    item.tooltip = tooltip;
    const active = status === 'running' || status === 'pending' || status === 'queued';
    if (platform) item.contextValue = active ? 'releaseFlow.run.active.northflank' : 'releaseFlow.run.northflank';
    else item.contextValue = active ? 'releaseFlow.run.active' : status === 'interrupted' ? 'releaseFlow.run.done' : 'releaseFlow.run.done.rollbackable';
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function nodeItem(element: NodeItem): vscode.TreeItem {
  const node = element.node;
  const label = node.ref ?? (node.workflowType ? `${node.kind} (${node.workflowType})` : node.kind);
  const item = new vscode.TreeItem(label, element.hasSteps ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `node:${element.run.id}:${node.index}`;
  item.iconPath = icon(NODE_ICONS[node.status] ?? NODE_ICONS.pending);
  item.description = `${node.ref !== undefined ? `${node.kind} · ` : ''}${node.status}${node.attempts > 1 ? ` (${node.attempts} attempts)` : ''}${node.target ? ` · ${node.target}` : ''}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${escape(node.ref ?? node.kind)}** (${node.kind}) — ${node.status}\n\n`);
  if (node.error) tooltip.appendMarkdown(`Error \`${node.error.code}\`: ${escape(node.error.message)}\n\n`);
  const attempts = describeRetries(node.retries, node.settings, node.status === 'retrying');
  if (attempts) tooltip.appendMarkdown(`Attempts: ${escape(attempts)}\n\n`);
  if (node.outputs !== undefined) {
    tooltip.appendMarkdown('Outputs (`${refs.' + escape(node.ref ?? '?') + '...}`):\n');
    tooltip.appendCodeblock(JSON.stringify(node.outputs, null, 2), 'json');
  }
  item.tooltip = tooltip;
  item.contextValue = node.status === 'approval_wait' ? 'releaseFlow.node.approval' : 'releaseFlow.node';
  item.command = { title: 'Show in Flow', command: 'releaseFlow.revealNode', arguments: [element] };
  return item;
}

/** Text for a MarkdownString, its markup characters escaped. */
export function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
