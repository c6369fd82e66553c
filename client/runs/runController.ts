/**
 * Every run the editor knows about goes through here, whoever started it
 * (a command, a simulated or real Git trigger, the webhook, a rollback): the
 * runner's own events are re-published with the flow they belong to, so the
 * status bar, the Runs view, the output channel and the preview all see the
 * same stream. Runs started here can be aborted from here.
 */
import * as vscode from 'vscode';
import type { NodeStatus, RunEvent, RunnerEvent, RunNodeInfo, RunStatus } from '../../core/runs/events';
import { rollbackTo, type RollbackOptions } from '../../core/runner/rollback';
import { ApprovalDesk } from '../../core/runner/approvals';
import { runFlow, type RunOutcome, type RunRequest } from '../../core/runner/session';
import type { RunRecord } from '../../core/runs/store';
import { runEnvironment, type FlowContext } from '../flowContext';

/** What started a run, for the log and the status bar. */
export type RunSource = 'manual' | 'git-trigger' | 'commit' | 'webhook' | 'rollback' | 'northflank';

export interface FlowRunEvent {
  flowFile: string;
  source: RunSource;
  event: RunnerEvent;
}

export interface LiveRun {
  runId: string;
  flowFile: string;
  source: RunSource;
  name: string | undefined;
  status: RunStatus;
  nodes: Map<number, { info: RunNodeInfo; status: NodeStatus }>;
  /** Undefined for runs started by another owner (the webhook server aborts its own). */
  abort: (() => void) | undefined;
}

export class RunController implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FlowRunEvent>();
  readonly onEvent = this.emitter.event;
  private readonly live = new Map<string, LiveRun>();
  /** The latest run's events per flow file: what a preview opened later shows. */
  private readonly latest = new Map<string, RunEvent[]>();
  private readonly pending = new Map<AbortController, Promise<unknown>>();
  private abortable = false;
  /** Approval nodes of the runs started here wait here for Approve / Reject (notification, Runs view, preview). */
  readonly approvals = new ApprovalDesk();
  private readonly announced = new Set<string>();
  private readonly stopAnnouncing = this.approvals.onChange(() => this.announceApprovals());

  /** Runs still going, oldest first. */
  get active(): LiveRun[] {
    return [...this.live.values()];
  }

  latestEvents(flowFile: string): RunEvent[] {
    return [...(this.latest.get(flowFile) ?? [])];
  }

  /** A listener for runs started elsewhere (the webhook server, the commit watcher) on `flowFile`. */
  listener(flowFile: string, source: RunSource, abort?: () => void): (event: RunnerEvent) => void {
    return (event) => this.publish(flowFile, source, event, abort);
  }

  async run(context: FlowContext, request: Omit<RunRequest, 'flowFile' | 'onEvent' | 'signal'>, source: RunSource): Promise<RunOutcome> {
    const controller = new AbortController();
    const full: RunRequest = { approvals: this.approvals, ...request, flowFile: context.flowFile, signal: controller.signal, onEvent: this.listener(context.flowFile, source, () => controller.abort()) };
    if (full.pipeline === undefined && context.pipeline) full.pipeline = context.pipeline;
    if (full.scenario === undefined && context.scenario) {
      full.scenario = context.scenario.scenario;
      full.scenarioInfo = context.scenario.info;
    }
    return this.track(controller, runFlow(full, runEnvironment(context)));
  }

  async rollback(context: FlowContext, target: RunRecord): Promise<RunOutcome> {
    const controller = new AbortController();
    const options: RollbackOptions = { signal: controller.signal, onEvent: this.listener(target.flow.file, 'rollback', () => controller.abort()) };
    if (context.pipeline) options.pipeline = context.pipeline;
    if (context.scenario) {
      options.scenario = context.scenario.scenario;
      options.scenarioInfo = context.scenario.info;
    }
    return this.track(controller, rollbackTo(target, runEnvironment(context), options));
  }

  private async track<T>(controller: AbortController, work: Promise<T>): Promise<T> {
    this.pending.set(controller, work);
    try {
      return await work;
    } finally {
      this.pending.delete(controller);
    }
  }

  /** Decides an Approval node waiting in a run started here; false when it is not waiting (any more). */
  decideApproval(runId: string, node: number, decision: 'approve' | 'reject'): boolean {
    return this.approvals.answer(runId, node, { decision, by: 'the editor' });
  }

  /** A notification with Approve / Reject for each new request; the Runs view and the preview show the same buttons. */
  private announceApprovals(): void {
    const pending = this.approvals.pending();
    const keys = new Set(pending.map((r) => `${r.runId}#${r.node}`));
    for (const key of [...this.announced]) if (!keys.has(key)) this.announced.delete(key);
    void vscode.commands.executeCommand('setContext', 'releaseFlow.approvalWaiting', pending.length > 0);
    for (const request of pending) {
      const key = `${request.runId}#${request.node}`;
      if (this.announced.has(key)) continue;
      this.announced.add(key);
      void vscode.window.showWarningMessage(`Run ${request.runId.slice(0, 8)} waits for approval: ${request.label}.`, 'Approve', 'Reject').then((choice) => {
        if (choice) this.decideApproval(request.runId, request.node, choice === 'Approve' ? 'approve' : 'reject');
      });
    }
  }

  /** Aborts a live run; false when it is not running here (finished, or owned by another process). */
  abort(runId: string): boolean {
    const run = this.live.get(runId);
    if (!run?.abort) return false;
    run.abort();
    return true;
  }

  private publish(flowFile: string, source: RunSource, event: RunnerEvent, abort: (() => void) | undefined): void {
    switch (event.type) {
      case 'run-queued':
        this.live.set(event.runId, { runId: event.runId, flowFile, source, name: undefined, status: 'queued', nodes: new Map(), abort });
        break;
      case 'run-started': {
        const nodes = new Map(event.nodes.map((info) => [info.index, { info, status: 'pending' as NodeStatus }]));
        this.live.set(event.runId, { runId: event.runId, flowFile, source, name: event.run.name, status: 'running', nodes, abort });
        this.latest.set(flowFile, [event]);
        break;
      }
      case 'node-status': {
        const node = this.live.get(event.runId)?.nodes.get(event.node);
        if (node) node.status = event.status;
        this.latest.get(flowFile)?.push(event);
        break;
      }
      case 'note':
        this.latest.get(flowFile)?.push(event);
        break;
      case 'run-finished':
        this.live.delete(event.runId);
        this.latest.get(flowFile)?.push(event);
        break;
      default:
        break;
    }
    const abortable = this.active.some((run) => run.abort !== undefined);
    if (abortable !== this.abortable) {
      this.abortable = abortable;
      // Shows Abort Run in the palette and the Runs view's title only while there is something to abort.
      void vscode.commands.executeCommand('setContext', 'releaseFlow.runActive', abortable);
    }
    this.emitter.fire({ flowFile, source, event });
  }

  /** Aborts the runs started here and waits until each has recorded that it was aborted (rather than "interrupted"). */
  async stop(): Promise<void> {
    const runs = [...this.pending];
    for (const [controller] of runs) controller.abort();
    await Promise.allSettled(runs.map(([, work]) => work));
  }

  dispose(): void {
    this.stopAnnouncing();
    void this.stop();
    this.emitter.dispose();
  }
}
