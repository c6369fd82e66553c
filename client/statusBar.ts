/**
 * Two status bar items for the flow in the active editor: whether its Git
 * triggers are active or paused (click to toggle), and the state of its
 * current or latest run (click for the Runs view).
 */
import * as vscode from 'vscode';
import { parseFlow } from '../core/document/parse';
import { stepIndexes, TERMINAL_NODE_STATUSES, type RunStatus } from '../core/runs/events';
import { filePaused } from '../core/triggers/evaluate';
import { readPauseState } from '../core/triggers/pause';
import type { FlowEnvironmentParams } from '../core/language/protocol';
import type { FlowContexts } from './flowContext';
import type { RunController } from './runs/runController';

const RUN_ICONS: Record<RunStatus, string> = {
  queued: '$(clock)',
  pending: '$(clock)',
  running: '$(sync~spin)',
  success: '$(pass)',
  failure: '$(error)',
  aborting: '$(loading~spin)',
  aborted: '$(circle-slash)',
  interrupted: '$(warning)',
};

export class FlowStatusBar implements vscode.Disposable {
  private readonly triggers = vscode.window.createStatusBarItem('releaseFlow.triggers', vscode.StatusBarAlignment.Left, 50);
  private readonly run = vscode.window.createStatusBarItem('releaseFlow.run', vscode.StatusBarAlignment.Left, 49);
  private readonly stage = vscode.window.createStatusBarItem('releaseFlow.stage', vscode.StatusBarAlignment.Left, 51);
  /** The stage the language server resolved per document URI. */
  private readonly stages = new Map<string, FlowEnvironmentParams>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The last run state shown per flow file. */
  private readonly runs = new Map<string, { status: RunStatus; text: string; tooltip: string }>();
  private refreshing = 0;
  /** Nodes finished so far per live run: `running 3/5`. */
  private readonly progress = new Map<string, { steps: Set<number>; terminal: Set<number> }>();

  constructor(
    private readonly contexts: FlowContexts,
    controller: RunController,
  ) {
    this.triggers.name = 'Release Flow: triggers';
    this.run.name = 'Release Flow: run';
    this.run.command = 'releaseFlow.showRuns';
    this.stage.name = 'Release Flow: stage';
    this.disposables.push(
      this.triggers,
      this.run,
      this.stage,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((d) => d.languageId === 'release-flow' && void this.refresh()),
      vscode.workspace.onDidOpenTextDocument((d) => d.languageId === 'release-flow' && void this.refresh()),
      controller.onEvent(({ flowFile, source, event }) => {
        if (event.type === 'run-started') {
          // Steps, not workflows: the same count as the Northflank view's.
          const steps = stepIndexes(event.nodes);
          const total = steps.size;
          const where = source === 'northflank' ? `${event.run.stage} on Northflank` : event.run.stage;
          this.runs.set(flowFile, { status: 'running', text: `${source === 'northflank' ? 'Northflank ' : ''}running 0/${total}`, tooltip: `Run ${event.runId.slice(0, 8)}${event.run.name ? ` "${event.run.name}"` : ''} on ${where}` });
          this.progress.set(event.runId, { steps, terminal: new Set() });
        } else if (event.type === 'node-status') {
          const progress = this.progress.get(event.runId);
          const shown = this.runs.get(flowFile);
          if (progress && shown && progress.steps.has(event.node) && TERMINAL_NODE_STATUSES.has(event.status)) {
            progress.terminal.add(event.node);
            shown.text = `${shown.text.startsWith('Northflank ') ? 'Northflank ' : ''}running ${progress.terminal.size}/${progress.steps.size}`;
          }
        } else if (event.type === 'run-finished') {
          this.progress.delete(event.runId);
          const shown = this.runs.get(flowFile);
          this.runs.set(flowFile, { status: event.status, text: `${shown?.text.startsWith('Northflank ') ? 'Northflank ' : ''}${event.status}`, tooltip: `${shown?.tooltip ?? `Run ${event.runId.slice(0, 8)}`}: ${event.status} after ${(event.durationMs / 1000).toFixed(1)} s${event.error ? `\n${event.error}` : ''}` });
        } else if (event.type === 'run-queued') {
          this.runs.set(flowFile, { status: 'queued', text: 'queued', tooltip: `Run ${event.runId.slice(0, 8)} waits for ${event.ahead.map((a) => a.slice(0, 8)).join(', ')}` });
        } else {
          return;
        }
        this.showRun();
      }),
    );
    void this.refresh();
  }

  /** Shows the pipeline stage the language server resolved for the active flow. */
  followEnvironments(onEnvironment: vscode.Event<FlowEnvironmentParams>): vscode.Disposable {
    return onEnvironment((params) => {
      this.stages.set(params.uri, params);
      this.showStage();
    });
  }

  private showStage(): void {
    const document = this.activeFlow();
    const params = document ? this.stages.get(document.uri.toString()) : undefined;
    if (!params) {
      this.stage.hide();
      return;
    }
    this.stage.text = `$(layers) ${params.stage ?? 'No stage'}`;
    this.stage.tooltip = `${params.reason}${params.pipelineFile ? `\nPipeline: ${params.pipelineFile}` : '\nNo .northflank/pipeline.json found: resources are inferred from the flow.'}`;
    this.stage.show();
  }

  private activeFlow(): vscode.TextDocument | undefined {
    const document = vscode.window.activeTextEditor?.document;
    return document?.languageId === 'release-flow' ? document : undefined;
  }

  /** Reads the pause state of the active flow again (after pause/resume, a save, a switch of editor). */
  async refresh(): Promise<void> {
    const document = this.activeFlow();
    const ticket = ++this.refreshing;
    this.showStage();
    if (!document || document.uri.scheme !== 'file') {
      this.triggers.hide();
      this.showRun();
      return;
    }
    try {
      const { stateFolder, flowKey } = await this.contexts.locate(document.uri);
      const state = await readPauseState(stateFolder, flowKey, filePaused(parseFlow(document.getText())));
      if (ticket !== this.refreshing) return;
      this.triggers.text = state.paused ? '$(debug-pause) Triggers paused' : '$(zap) Triggers active';
      this.triggers.tooltip = `${state.summary}\nClick to ${state.paused ? 'resume' : 'pause'} the flow's Git triggers.`;
      this.triggers.command = { title: state.paused ? 'Resume Triggers' : 'Pause Triggers', command: state.paused ? 'releaseFlow.resumeTriggers' : 'releaseFlow.pauseTriggers', arguments: [document.uri] };
      this.triggers.backgroundColor = state.paused ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.triggers.show();
    } catch (error) {
      if (ticket !== this.refreshing) return;
      this.triggers.text = '$(warning) Triggers: unknown';
      this.triggers.tooltip = `The pause state cannot be read: ${(error as Error).message}`;
      this.triggers.command = undefined;
      this.triggers.show();
    }
    this.showRun();
  }

  private showRun(): void {
    const document = this.activeFlow();
    const shown = document ? this.runs.get(document.uri.fsPath) : undefined;
    if (!shown) {
      this.run.hide();
      return;
    }
    this.run.text = `${RUN_ICONS[shown.status]} Run: ${shown.text}`;
    this.run.tooltip = `${shown.tooltip}\nClick to show the runs.`;
    this.run.backgroundColor = shown.status === 'failure' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.run.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
