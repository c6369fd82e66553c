/**
 * How runs read in a terminal: a live tree redrawn in place on a TTY, one line
 * per event otherwise, and the stored record for `runs show`. `--json` bypasses
 * all of this and prints the events themselves.
 */
import * as path from 'node:path';
import type { NodeError, NodeStatus, RunEvent, RunNodeInfo, RunnerEvent, StageState } from '../core/runs/events';
import type { NodeRecord, RunRecord } from '../core/runs/store';
import { describeRetries } from '../core/runs/retries';
import { describeOverrides } from '../core/runs/overrides';
import type { CommandIo } from './io';

const SYMBOL: Record<NodeStatus, string> = {
  pending: '·',
  running: '▶',
  waiting: '…',
  retrying: '↻',
  approval_wait: '?',
  async_wait: '…',
  success: '✔',
  failure: '✖',
  skipped: '–',
  aborting: '■',
  aborted: '■',
};

export const shortId = (id: string): string => id.slice(0, 8);

export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

export function nodeLabel(node: { ref?: string | undefined; kind: string; workflowType?: string | undefined; target?: string | undefined }): string {
  const kind = node.workflowType ? `${node.kind} (${node.workflowType})` : node.kind;
  const name = node.ref ?? kind;
  const detail = [node.ref ? kind : undefined, node.target].filter((part) => part !== undefined).join(' ');
  return detail ? `${name}  ${detail}` : name;
}

function statusText(status: NodeStatus, attempt: number, error: NodeError | undefined, maxAttempts = 3): string {
  const reason = error && (status === 'failure' || status === 'retrying' || status === 'aborted') ? `: ${error.message}` : '';
  const attempts = attempt > 1 && !reason.includes(`(attempt ${attempt} of`) ? ` (attempt ${attempt} of ${maxAttempts})` : '';
  return `${status}${attempts}${reason}`;
}

/** `service shop-api-prod  build joyous-view-6290 (main @ 1a2b3c4) running`, one line per resource. */
export function formatStageState(state: StageState): string[] {
  const lines = [`Stage ${state.stage} after the run:`];
  const width = Math.max(0, ...state.resources.map((r) => r.id.length), ...state.addons.map((a) => a.id.length));
  for (const resource of state.resources) {
    const d = resource.deployment;
    let what = 'nothing deployed in the simulation';
    if (d?.internal) what = `build ${d.internal.buildId} of ${d.internal.nfObjectId} (${d.internal.branch || 'no branch'} @ ${d.internal.deployedSHA.slice(0, 7)}), ${d.status}`;
    else if (d?.external) what = `image ${d.external.imagePath}, ${d.status}`;
    else if (d?.assumed) what = `assumed to exist and run as on the platform (image not known to the simulation), ${d.status}`;
    lines.push(`  ${resource.type.padEnd(7)} ${resource.id.padEnd(width)}  ${what}`);
  }
  for (const addon of state.addons) {
    lines.push(`  ${'addon'.padEnd(7)} ${addon.id.padEnd(width)}  version ${addon.version}, ${addon.running ? 'running' : 'not running'}${addon.latestBackupId ? `, latest backup ${addon.latestBackupId}` : ''}`);
  }
  return lines;
}

interface NodeView {
  info: RunNodeInfo;
  status: NodeStatus;
  attempt: number;
  maxAttempts?: number;
  error?: NodeError;
  since: number;
}

/** Prints a run as it happens, on a terminal or as plain lines. */
export class RunPrinter {
  private nodes = new Map<number, NodeView>();
  private order: NodeView[] = [];
  private startedAt = 0;
  private drawn = 0;
  private timer: NodeJS.Timeout | undefined;
  private header: string[] = [];
  private notes: string[] = [];
  /** While a question is asked below the tree, it is not redrawn over it. */
  private paused = false;

  constructor(
    private readonly io: CommandIo,
    private readonly dryRunOnly = false,
  ) {}

  private get live(): boolean {
    return this.io.terminal !== undefined;
  }

  handle(event: RunnerEvent): void {
    switch (event.type) {
      case 'dry-run':
        for (const problem of event.problems) {
          this.io.err(`${displayPath(event.flowFile, this.io.cwd)}:${problem.line}:${problem.column}: error ${problem.code} ${problem.message}${problem.node ? ` (node ${problem.node})` : ''}`);
        }
        if (!event.ok || this.dryRunOnly) for (const note of event.notes) this.io.err(`note: ${note}`);
        if (!event.ok) {
          this.io.err(`Dry run failed: ${event.problems.length} problem${event.problems.length === 1 ? '' : 's'}; the run did not start.`);
        }
        return;
      case 'run-refused':
        this.io.err(`Refused: ${event.reason}`);
        return;
      case 'run-queued':
        this.io.out(`Queued behind run${event.ahead.length === 1 ? '' : 's'} ${event.ahead.map(shortId).join(', ')} of this flow (concurrencyPolicy queue); it starts when ${event.ahead.length === 1 ? 'that one is' : 'they are'} over.`);
        return;
      default:
        this.runEvent(event);
    }
  }

  private runEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-started': {
        this.startedAt = Date.parse(event.at);
        this.order = event.nodes.map((info) => ({ info, status: 'pending', attempt: 0, since: this.startedAt }));
        this.nodes = new Map(this.order.map((view) => [view.info.index, view]));
        const run = event.run;
        const named = run.name ? ` "${run.name}"` : '';
        this.header = [`${run.kind === 'rollback' ? 'Rollback' : 'Run'} ${shortId(run.id)}${named}: ${displayPath(run.flowFile, this.io.cwd)} → ${run.stage} (${event.nodes.length} nodes)`];
        for (const [ref, values] of Object.entries(run.triggers)) this.header.push(`  trigger ${ref}: ${values.branch ?? '(no branch)'} @ ${values.sha?.slice(0, 7) ?? '(no sha)'}`);
        if (!this.live) this.io.out(this.header.join('\n'));
        break;
      }
      case 'node-status': {
        const view = this.nodes.get(event.node);
        if (!view) return;
        view.status = event.status;
        view.attempt = event.attempt;
        if (event.retries) view.maxAttempts = event.retries.maxAttempts;
        view.since = Date.parse(event.at);
        if (event.error) view.error = event.error;
        if (!this.live && (view.info.kind !== 'Workflow' || !['running', 'success'].includes(event.status))) {
          const elapsed = `+${seconds(view.since - this.startedAt)}`.padStart(9);
          this.io.out(`${elapsed}  ${SYMBOL[event.status]} ${nodeLabel(view.info)}  ${statusText(event.status, event.attempt, event.error, event.retries?.maxAttempts)}`);
        }
        break;
      }
      case 'note':
        if (this.live) this.notes.push(event.message);
        else this.io.out(`           note: ${event.message}`);
        break;
      case 'run-finished':
        if (this.live) this.draw();
        this.stopTimer();
        this.finish(event);
        return;
      default:
        return;
    }
    if (this.live) this.schedule();
  }

  private finish(event: Extract<RunEvent, { type: 'run-finished' }>): void {
    for (const note of this.live ? this.notes : []) this.io.out(`note: ${note}`);
    const verdict = `${event.status === 'success' ? '✔' : event.status === 'aborted' ? '■' : '✖'} ${event.status} in ${seconds(event.durationMs)}`;
    this.io.out(`\nRun ${shortId(event.runId)} ${verdict}${event.error ? ` — ${event.error}` : ''}`);
    // A run on the platform does not tell what the stage runs afterwards: no stage lines then.
    if (event.stageState.resources.length + event.stageState.addons.length > 0) for (const line of formatStageState(event.stageState)) this.io.out(line);
    this.io.out(`\nHistory: ${this.io.command ?? 'release-flow'} runs show ${shortId(event.runId)}`);
  }

  /** Shows the tree as it is, then runs `work` (a question at the terminal) below it without redrawing over it. */
  async whilePaused<T>(work: () => Promise<T>): Promise<T> {
    this.stopTimer();
    if (this.live) this.draw();
    this.stopTimer();
    this.paused = true;
    try {
      return await work();
    } finally {
      this.paused = false;
      // The question and its answer sit below the last tree: the next one is drawn after them.
      this.drawn = 0;
      if (this.live) this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer || this.paused) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, 80);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Redraws the tree in place; past the terminal's height only the nodes that matter are listed. */
  private draw(): void {
    const terminal = this.io.terminal;
    if (!terminal || this.paused) return;
    const now = Date.now();
    let views = this.order;
    const room = Math.max(5, terminal.rows - this.header.length - 3);
    let footer: string | undefined;
    if (views.length > room) {
      const counts = new Map<NodeStatus, number>();
      for (const view of views) counts.set(view.status, (counts.get(view.status) ?? 0) + 1);
      views = views.filter((view) => view.status !== 'pending' && view.status !== 'success' && view.status !== 'skipped').slice(-room);
      footer = `  ${[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}`;
    }
    const lines = [...this.header];
    for (const view of views) {
      const active = view.status === 'running' || view.status === 'waiting' || view.status === 'retrying';
      const clock = active ? ` ${seconds(now - view.since)}` : '';
      const line = `${'  '.repeat(view.info.depth + 1)}${SYMBOL[view.status]} ${nodeLabel(view.info)}  ${statusText(view.status, view.attempt, view.error, view.maxAttempts)}${clock}`;
      lines.push(line.length > terminal.columns - 1 ? line.slice(0, terminal.columns - 2) + '…' : line);
    }
    if (footer) lines.push(footer);
    const erase = this.drawn > 0 ? `\x1b[${this.drawn}A\x1b[0J` : '';
    terminal.write(erase + lines.join('\n') + '\n');
    this.drawn = lines.length;
    if (this.order.some((view) => view.status === 'running' || view.status === 'waiting' || view.status === 'retrying')) this.schedule();
  }
}

/** The record of a run, as `runs show` prints it. */
export function formatRecord(record: RunRecord, cwd: string): string[] {
  const lines: string[] = [];
  const title = record.kind === 'rollback' ? `Rollback ${record.id}` : `Run ${record.id}`;
  lines.push(`${title}${record.name ? ` "${record.name}"` : ''}: ${record.status}`);
  if (record.description) lines.push(`  ${record.description}`);
  if (record.rollbackOf) lines.push(`  rolls back to run ${record.rollbackOf}`);
  lines.push(`  flow     ${displayPath(record.flow.file, cwd)} (${record.flow.hash.slice(0, 19)}…)`);
  lines.push(`  stage    ${record.stage}, concurrency ${record.concurrencyPolicy}`);
  const ended = record.concludedAt ? `, ended ${record.concludedAt}` : '';
  lines.push(`  started  ${record.startedAt ?? record.createdAt}${ended}`);
  const args = Object.entries(record.arguments);
  if (args.length > 0) lines.push(`  args     ${args.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}`);
  for (const [ref, t] of Object.entries(record.triggers)) lines.push(`  trigger  ${ref}: ${t.branch ?? '(no branch)'} @ ${t.sha ?? '(no sha)'}`);
  const overrides = describeOverrides(record.overrides);
  if (overrides) lines.push(`  overrides  ${overrides}`);
  if (record.error) lines.push(`  error    ${record.error}`);
  lines.push('');
  for (const node of record.nodes) {
    lines.push(formatNodeRecord(node));
    const attempts = describeRetries(node.retries, node.settings, node.status === 'retrying');
    if (attempts) lines.push(`${'  '.repeat(node.depth + 2)}  ${attempts}`);
  }
  if (record.notes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of record.notes) lines.push(`  ${note.at}  ${note.message}`);
  }
  // A platform run reports no stage state (and a flow may touch no resource): no heading over nothing.
  if (record.stageState && record.stageState.resources.length + record.stageState.addons.length > 0) lines.push('', ...formatStageState(record.stageState));
  return lines;
}

function formatNodeRecord(node: NodeRecord): string {
  const duration = node.startedAt && node.endedAt ? `  ${seconds(Date.parse(node.endedAt) - Date.parse(node.startedAt))}` : '';
  const id = node.outputs && typeof node.outputs === 'object' && 'id' in node.outputs ? `  id ${String((node.outputs as { id: unknown }).id)}` : '';
  return `${'  '.repeat(node.depth + 1)}${SYMBOL[node.status]} ${nodeLabel(node)}  ${statusText(node.status, node.attempts, node.error, node.retries?.maxAttempts)}${duration}${id}`;
}
