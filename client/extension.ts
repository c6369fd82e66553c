/**
 * The extension's entry point, kept small because VS Code activates it for
 * every JSON document (to recognise flows by their content): it recognises
 * flows (detection.ts), registers the contributed commands and the Runs
 * view, and loads everything else (dist/features.js: the language client,
 * the runner, GitOps...) the first time it is needed: a flow document open,
 * a command run, the Runs view shown, or flows in the workspace to watch for
 * new commits. A workspace of plain JSON never loads it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FEATURE_COMMANDS, NORTHFLANK_VIEW, RUNS_VIEW } from './commandIds';
import { FlowDetection, LANGUAGE_ID } from './detection';
import type { Features } from './features';

declare global {
  // Set by the bundle's first and last lines (scripts/bundle.mjs), around the evaluation of its modules.
  var __releaseFlowLoadStart: number | undefined;
  var __releaseFlowLoadEnd: number | undefined;
}

export interface ActivationTiming {
  /** Evaluating dist/extension.js, first line to last. */
  loadMs: number | undefined;
  /** From then until VS Code called activate(): the host's own work (and whatever else it was doing). */
  hostMs: number | undefined;
  activateMs: number;
  /** Loading and starting dist/features.js, once it was needed; undefined until then. */
  featuresMs: number | undefined;
}

/** Forwards a view (Runs, Northflank) to the features' provider, loading them when the view is first shown. */
class ForwardingTree<T> implements vscode.TreeDataProvider<T> {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private provider: vscode.TreeDataProvider<T> | undefined;

  constructor(
    private readonly load: () => Promise<Features>,
    private readonly pick: (features: Features) => vscode.TreeDataProvider<T>,
  ) {}

  attach(features: Features): vscode.Disposable {
    this.provider = this.pick(features);
    return this.provider.onDidChangeTreeData?.((item) => this.changed.fire(item as T | undefined)) ?? new vscode.Disposable(() => undefined);
  }

  async getChildren(element?: T): Promise<T[]> {
    return (await this.pick(await this.load()).getChildren(element)) ?? [];
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    // getChildren loaded the features before VS Code asks for an item.
    return (this.provider as vscode.TreeDataProvider<T>).getTreeItem(element);
  }
}

let features: Features | undefined;

export function activate(context: vscode.ExtensionContext): { timing: ActivationTiming } {
  const started = performance.now();
  const { __releaseFlowLoadStart: loadStart, __releaseFlowLoadEnd: loadEnd } = globalThis;
  const timing: ActivationTiming = {
    loadMs: loadStart === undefined || loadEnd === undefined ? undefined : loadEnd - loadStart,
    hostMs: loadEnd === undefined ? undefined : started - loadEnd,
    activateMs: 0,
    featuresMs: undefined,
  };

  let loading: Promise<Features> | undefined;
  const tree = new ForwardingTree(() => load(), (f) => f.runsView);
  const northflankTree = new ForwardingTree(() => load(), (f) => f.northflankView);
  const northflankView = vscode.window.createTreeView(NORTHFLANK_VIEW, { treeDataProvider: northflankTree, showCollapseAll: true });
  const load = (): Promise<Features> => {
    loading ??= Promise.resolve().then(() => {
      const t = performance.now();
      // A bundle of its own, next to this one (scripts/bundle.mjs): required by path so that esbuild leaves it out of this bundle.
      const module = require(path.join(__dirname, 'features.js')) as typeof import('./features');
      features = module.startFeatures(context);
      context.subscriptions.push(features, tree.attach(features), northflankTree.attach(features));
      // The platform is asked about live runs only while the view is shown.
      features.northflankView.setVisible(northflankView.visible);
      context.subscriptions.push(northflankView.onDidChangeVisibility((e) => features?.northflankView.setVisible(e.visible)));
      timing.featuresMs = performance.now() - t;
      return features;
    });
    return loading;
  };

  context.subscriptions.push(
    new FlowDetection(),
    vscode.window.createTreeView(RUNS_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
    northflankView,
    ...FEATURE_COMMANDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).execute(id, args))),
    vscode.commands.registerCommand('releaseFlow.showActivationTime', () => {
      const ms = (value: number | undefined): string => (value === undefined ? '?' : value.toFixed(1));
      const message = `Release Flow activated in ${ms((timing.loadMs ?? 0) + timing.activateMs)} ms (evaluating the bundle ${ms(timing.loadMs)} ms, activate() ${ms(timing.activateMs)} ms; the host took ${ms(timing.hostMs)} ms in between); features ${timing.featuresMs === undefined ? 'not loaded' : `loaded in ${ms(timing.featuresMs)} ms`}.`;
      void vscode.window.showInformationMessage(message);
      return { ...timing };
    }),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.languageId === LANGUAGE_ID) void load();
    }),
  );
  if (vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID)) void load();
  else {
    // Flows in the workspace are watched for new commits (releaseFlow.autoRun.onCommit): looked for off the activation path.
    setTimeout(() => {
      if (loading || vscode.workspace.getConfiguration('releaseFlow').get('autoRun.onCommit') === false) return;
      void vscode.workspace.findFiles('{**/release-*.json,**/release/*.json}', '**/node_modules/**', 1).then((found) => {
        if (found.length > 0) void load();
      });
    }, 0);
  }
  timing.activateMs = performance.now() - started;
  return { timing };
}

export async function deactivate(): Promise<void> {
  // Runs and webhooks are stopped so that their records say "aborted", not "interrupted".
  await features?.stop();
  features = undefined;
}
