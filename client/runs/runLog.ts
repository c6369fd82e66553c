/**
 * The "Release Flow" output channel: one line per thing a run did, from the
 * runner's events (which are masked before they leave the runner), plus the
 * trigger evaluations, webhook requests and GitOps steps the extension reports.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunnerEvent } from '../../core/runs/events';
import type { FlowRunEvent, RunController, RunSource } from './runController';

const SOURCES: Record<RunSource, string> = {
  manual: 'started by hand',
  'git-trigger': 'started by a simulated Git event',
  commit: 'started by a new commit',
  webhook: 'started by the webhook',
  rollback: 'rollback',
  northflank: 'on Northflank',
};

const short = (id: string): string => id.slice(0, 8);

export class RunLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly subscription: vscode.Disposable;
  /** Node labels per run, from `run-started`: `build (Build)`. */
  private readonly labels = new Map<string, Map<number, string>>();

  constructor(runs: RunController) {
    this.channel = vscode.window.createOutputChannel('Release Flow', { log: true });
    this.subscription = runs.onEvent((e) => this.write(e));
  }

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string): void {
    this.channel.error(message);
  }

  show(): void {
    this.channel.show(true);
  }

  private write({ flowFile, source, event }: FlowRunEvent): void {
    for (const [level, line] of linesOf(event, path.basename(flowFile), source, this.labels)) this.channel[level](line);
  }

  dispose(): void {
    this.subscription.dispose();
    this.channel.dispose();
  }
}

type Level = 'info' | 'warn' | 'error';

/** The log lines of one event. Exported for the integration tests. */
export function linesOf(event: RunnerEvent, file: string, source: RunSource, labels: Map<string, Map<number, string>>): [Level, string][] {
  switch (event.type) {
    case 'dry-run': {
      const lines: [Level, string][] = event.notes.map((n) => ['info', `${file}: ${n}`]);
      if (!event.ok) {
        lines.push(['error', `${file}: the dry run failed, nothing was run:`]);
        for (const p of event.problems) lines.push(['error', `  ${p.line}:${p.column} ${p.message} [${p.code}]`]);
      }
      return lines;
    }
    case 'run-refused':
      return [['warn', `${file}: run refused. ${event.reason}`]];
    case 'run-queued':
      return [['info', `${file}: run ${short(event.runId)} queued behind ${event.ahead.map(short).join(', ')}.`]];
    case 'run-started': {
      labels.set(event.runId, new Map(event.nodes.map((n) => [n.index, n.ref !== undefined ? `${n.ref} (${n.kind})` : `${n.kind} at ${n.path}`])));
      const name = event.run.name !== undefined ? ` "${event.run.name}"` : '';
      const lines: [Level, string][] = [['info', `▶ ${file}: run ${short(event.runId)}${name} on ${event.run.stage}, ${SOURCES[source]}.`]];
      const args = Object.entries(event.run.arguments);
      if (args.length > 0) lines.push(['info', `  arguments: ${args.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')}`]);
      for (const [ref, v] of Object.entries(event.run.triggers)) lines.push(['info', `  trigger ${ref}: branch ${v.branch ?? '-'}, sha ${v.sha?.slice(0, 7) ?? '-'}${v.pullRequestId !== null ? `, PR #${v.pullRequestId}` : ''}`]);
      return lines;
    }
    case 'node-status': {
      const label = labels.get(event.runId)?.get(event.node) ?? `${event.ref ?? event.kind}`;
      const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
      const error = event.error ? `: ${event.error.message} [${event.error.code}]` : '';
      return [[event.status === 'failure' ? 'error' : 'info', `  ${short(event.runId)} ${label}: ${event.status}${attempt}${error}`]];
    }
    case 'note':
      return [['info', `  ${short(event.runId)} note: ${event.message}`]];
    case 'run-finished': {
      labels.delete(event.runId);
      const level: Level = event.status === 'success' ? 'info' : 'error';
      return [[level, `■ ${file}: run ${short(event.runId)} ${event.status} after ${(event.durationMs / 1000).toFixed(1)} s${event.error ? `: ${event.error}` : ''}`]];
    }
    default:
      return [];
  }
}
