/**
 * Runs on commit: the workspace's flows are run when a new commit on the
 * checked-out branch fires one of their Git triggers and their triggers are
 * not paused, as `release-flow watch` does. Each repository is watched once
 * (core/triggers/watch.ts `watchCommits`: file-system events on the Git
 * refs, no polling) and each push is evaluated for every flow it holds; the
 * run goes through the RunController, so it can be watched and aborted like
 * a manual one. `releaseFlow.autoRun.onCommit: false` turns it off.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitHistory } from '../core/git/history';
import { isReleaseFlowFileName } from '../core/document/flowFiles';
import { isReleaseFlowText } from '../core/document/flowDetect';
import { parseFlow } from '../core/document/parse';
import { evaluateTriggers, filePaused, firedTriggerValues } from '../core/triggers/evaluate';
import { describeEvent, type PushEvent } from '../core/git/events';
import { readPauseState } from '../core/triggers/pause';
import { watchCommits, type Watcher } from '../core/triggers/watch';
import { reportOutcome } from './commands/runCommands';
import type { Services } from './services';
import { readSettings } from './settings';

const FLOW_GLOB = '{**/release-*.json,**/release/*.json,**/.northflank/**/*.json}';
const EXCLUDE = '{**/node_modules/**,**/.release-flow/**,**/.git/**}';

export class AutoRun implements vscode.Disposable {
  private readonly watchers = new Map<string, Promise<Watcher | undefined>>();
  private readonly flows = new Map<string, Set<string>>();
  private readonly disposables: vscode.Disposable[] = [];
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly services: Services) {
    const files = vscode.workspace.createFileSystemWatcher(FLOW_GLOB, false, true, false);
    this.disposables.push(
      files,
      files.onDidCreate(() => this.sync()),
      files.onDidDelete(() => this.sync()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('releaseFlow.autoRun')) this.sync();
      }),
    );
  }

  /** Brings the watchers in line with the setting and the workspace's flows; calls are serialised. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.doSync()).catch((error: Error) => this.services.log.error(`Auto-run: ${error.message}`));
    return this.syncing;
  }

  /** The repositories watched and their flow files, for the integration tests. */
  get watched(): Map<string, Set<string>> {
    return this.flows;
  }

  private async doSync(): Promise<void> {
    const enabled = readSettings().settings.autoRunOnCommit;
    const byRoot = new Map<string, Set<string>>();
    if (enabled) {
      for (const uri of await vscode.workspace.findFiles(FLOW_GLOB, EXCLUDE, 500)) {
        if (uri.scheme !== 'file') continue;
        if (!isReleaseFlowFileName(uri.fsPath) && !isReleaseFlowText(await fs.readFile(uri.fsPath, 'utf8').catch(() => ''))) continue;
        const root = await this.services.contexts.gitRoot(path.dirname(uri.fsPath));
        if (root === undefined) continue;
        if (!byRoot.has(root)) byRoot.set(root, new Set());
        byRoot.get(root)?.add(uri.fsPath);
      }
    }
    for (const [root, watcher] of [...this.watchers]) {
      if (byRoot.has(root)) continue;
      this.watchers.delete(root);
      await (await watcher)?.close();
    }
    this.flows.clear();
    for (const [root, flows] of byRoot) {
      this.flows.set(root, flows);
      if (!this.watchers.has(root)) this.watchers.set(root, this.watch(root));
    }
    await Promise.all(this.watchers.values());
  }

  private async watch(root: string): Promise<Watcher | undefined> {
    try {
      const watcher = await watchCommits({
        directory: root,
        onPush: (event) => this.onPush(root, event),
        onNote: (message) => this.services.log.info(`Auto-run (${path.basename(root)}): ${message}`),
        onError: (error) => this.services.log.error(`Auto-run (${path.basename(root)}): ${error.message}`),
      });
      this.services.log.info(`Auto-run: watching ${root} for new commits (releaseFlow.autoRun.onCommit).`);
      return watcher;
    } catch (error) {
      this.services.log.warn(`Auto-run: cannot watch ${root}: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async onPush(root: string, event: PushEvent): Promise<void> {
    const remotes = await new GitHistory(root).remotes();
    for (const flowFile of this.flows.get(root) ?? []) {
      const name = path.basename(flowFile);
      const text = await fs.readFile(flowFile, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const model = parseFlow(text);
      if (model.triggers.length === 0) continue;
      const context = await this.services.contexts.resolve(vscode.Uri.file(flowFile));
      const pause = await readPauseState(context.store.folder, context.flowKey, filePaused(model));
      const evaluation = evaluateTriggers(model, event, { remotes, pause });
      this.services.log.info(`${name}: new commit: ${evaluation.eventSummary}. ${evaluation.verdict}`);
      if (!evaluation.wouldRun) continue;
      const fired = evaluation.fired.map((f) => `'${f}'`).join(', ');
      // Runs of several flows go on side by side; each reports when it ends.
      void this.services.runs
        .run(context, { triggers: firedTriggerValues(evaluation), notes: [`Started by Git ${evaluation.fired.length === 1 ? 'trigger' : 'triggers'} ${fired} on the ${describeEvent(event)}.`] }, 'commit')
        .then((outcome) => (outcome.result === 'finished' && outcome.status === 'success' ? undefined : reportOutcome(outcome, flowFile, this.services)))
        .catch((error: Error) => this.services.log.error(`${name}: the run started by the commit failed: ${error.message}`));
    }
  }

  async close(): Promise<void> {
    const watchers = [...this.watchers.values()];
    this.watchers.clear();
    for (const watcher of watchers) await (await watcher)?.close();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.close();
  }
}
