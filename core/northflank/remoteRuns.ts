/**
 * Runs on the platform in the one run model (core/runs/events.ts): the run
 * details' node `response` objects become the same events a local run emits,
 * so the same live tree, `--json` stream and run store serve both.
 *
 * Status mapping (the platform's words are kept wherever the model has them):
 * - `waiting` is `pending` until the node has started (it has a `startTime`),
 *   then `running`, as the local runner says it;
 * - `invalid` is `failure`, with error code `invalid`;
 * - `unknown` is shown as `waiting` (the platform does not know yet), with a
 *   note on the run saying so;
 * - every other status (`success`, `failure`, `retrying`, `skipped`,
 *   `aborting`, `aborted`, `async_wait`, `approval_wait`) is the same word.
 * Attempts come from `response.retries` ({attempts, maxAttempts, timestamp,
 * nextAttempt}), the shape the local runner records too.
 */
import type { GetReleaseflowrunResult } from '@northflank/js-client';
import { jsonValue, parseFlow } from '../document/parse';
import { runNodes } from '../runner/executor';
import { sha256 } from '../runner/session';
import { isAbortError } from '../runs/clock';
import type { NodeError, NodeRetries, NodeStatus, RunEvent, RunHeader, RunNodeInfo, RunStatus } from '../runs/events';
import { RunRecorder } from '../runs/recorder';
import { isSecretName, MASK } from '../runs/secrets';
import { currentOwner } from '../runs/stateFiles';
import { RECORD_FORMAT, type RunRecord, type RunStore } from '../runs/store';
import { pollDelay, sleepFor, type PlatformClient } from './client';
import { flowOfPlatform, flowText } from './flowDiff';
import type { PlatformTarget } from './target';

export type RunDetails = GetReleaseflowrunResult;

export type NodeResponseStatus = 'waiting' | 'invalid' | 'failure' | 'retrying' | 'success' | 'aborted' | 'aborting' | 'skipped' | 'async_wait' | 'approval_wait' | 'unknown';

/** A node's `response` in run details (get-release-flow-run-details.md). */
export interface NodeResponse {
  status: NodeResponseStatus;
  error?: { code: number; message: string };
  retries?: { attempts: number; maxAttempts: number; timestamp: number; nextAttempt?: number; initialCheckTime?: number };
  startTime?: number;
  endTime?: number;
  data?: unknown;
}


export interface NodeState {
  status: NodeStatus;
  attempt: number;
  retries?: NodeRetries;
  error?: NodeError;
  /** The platform said `unknown`. */
  unknown?: boolean;
}

/** One node's `response` in the run model's words. */
export function nodeStateOf(response: NodeResponse | undefined): NodeState {
  if (!response || typeof response !== 'object') return { status: 'pending', attempt: 0 };
  const started = response.startTime !== undefined;
  const attempt = response.retries?.attempts ?? (started ? 1 : 0);
  const error: NodeError | undefined = response.error && typeof response.error.message === 'string' ? { code: `platform-${response.error.code}`, message: response.error.message } : undefined;
  const retries = response.retries;
  const state = (status: NodeStatus, extra: Partial<NodeState> = {}): NodeState => {
    const result: NodeState = { status, attempt, ...extra };
    if (retries && typeof retries.attempts === 'number' && typeof retries.maxAttempts === 'number') {
      result.retries = { attempts: retries.attempts, maxAttempts: retries.maxAttempts, timestamp: retries.timestamp };
      if (retries.nextAttempt !== undefined) result.retries.nextAttempt = retries.nextAttempt;
    }
    if (error && !result.error && (status === 'failure' || status === 'retrying' || status === 'aborted')) result.error = error;
    return result;
  };
  switch (response.status) {
    case 'waiting':
      return state(started ? 'running' : 'pending');
    case 'invalid':
      return state('failure', { error: { code: 'invalid', message: error?.message ?? 'The platform found the node invalid.' } });
    case 'unknown':
      return state('waiting', { unknown: true });
    case 'success':
    case 'failure':
    case 'retrying':
    case 'skipped':
    case 'aborting':
    case 'aborted':
    case 'async_wait':
    case 'approval_wait':
      return state(response.status);
    default:
      return state('waiting', { unknown: true });
  }
}

/** The run's status in the model: concluded runs end `success`, `failure` or `aborted`. */
export function runStatusOf(details: Pick<RunDetails, 'status' | 'concluded'>): RunStatus {
  if (details.concluded) {
    if (details.status === 'success' || details.status === 'skipped') return 'success';
    if (details.status === 'aborted' || details.status === 'aborting') return 'aborted';
    return 'failure';
  }
  if (details.status === 'queued' || details.status === 'pending' || details.status === 'aborting') return details.status;
  return 'running';
}

function maskedArguments(args: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!args || typeof args !== 'object') return result;
  for (const [name, value] of Object.entries(args as Record<string, unknown>)) result[name] = isSecretName(name) ? MASK : value;
  return result;
}

/** The flow a run ran, without the nodes' `response` objects. */
function flowOfRun(details: RunDetails): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) if (key !== 'response') out[key] = strip(inner);
      return out;
    }
    return value;
  };
  const { id: _id, name: _n, description: _d, startedAt: _s, concluded: _c, concludedAt: _ca, refs: _r, ...flow } = details;
  return strip(flowOfPlatform(flow as Record<string, unknown>)) as Record<string, unknown>;
}

export interface TrackerContext {
  /** The local flow file the run belongs to. */
  flowFile: string;
  target: PlatformTarget;
  now?: () => number;
}

/** Turns successive run details into run events: `run-started` once, `node-status` on each change, `run-finished` at the end. */
export class RemoteRunTracker {
  private nodes: RunNodeInfo[] | undefined;
  private readonly states = new Map<number, NodeState>();
  private readonly notedUnknown = new Set<number>();
  private finished = false;
  header: RunHeader | undefined;
  flow: Record<string, unknown> | undefined;

  constructor(private readonly context: TrackerContext) {}

  get concluded(): boolean {
    return this.finished;
  }

  update(details: RunDetails): RunEvent[] {
    const now = this.context.now ?? Date.now;
    const at = new Date(now()).toISOString();
    const events: RunEvent[] = [];
    const model = parseFlow(JSON.stringify({ apiVersion: 'v1.2', spec: details.spec ?? {} }));
    if (!this.nodes) {
      this.nodes = runNodes(model);
      this.flow = flowOfRun(details);
      const header: RunHeader = {
        id: details.id,
        kind: 'release',
        flowFile: this.context.flowFile,
        flowHash: sha256(flowText(this.flow)),
        stage: this.context.target.stage,
        arguments: maskedArguments(details.arguments),
        triggers: {},
      };
      if (details.name !== undefined) header.name = details.name;
      if (details.description !== undefined) header.description = details.description;
      this.header = header;
      events.push({ type: 'run-started', runId: details.id, at: details.startedAt ? new Date(Date.parse(details.startedAt) || now()).toISOString() : at, run: header, nodes: this.nodes });
    }
    const byIndex = new Map(model.nodes.map((node) => [node.index, node]));
    for (const info of this.nodes) {
      const node = byIndex.get(info.index);
      const value = node ? (jsonValue(node.json) as { response?: NodeResponse }) : undefined;
      const state = nodeStateOf(value?.response);
      const previous = this.states.get(info.index) ?? { status: 'pending', attempt: 0 };
      if (state.unknown && !this.notedUnknown.has(info.index)) {
        this.notedUnknown.add(info.index);
        events.push({ type: 'note', runId: details.id, at, node: info.index, message: `The platform reports status 'unknown' for ${info.ref ?? info.path}; shown as waiting.` });
      }
      if (state.status === previous.status && state.attempt === previous.attempt) continue;
      this.states.set(info.index, state);
      const event: RunEvent = { type: 'node-status', runId: details.id, at, node: info.index, ref: info.ref, kind: info.kind, status: state.status, attempt: state.attempt };
      if (state.retries) event.retries = state.retries;
      if (state.error) event.error = state.error;
      const data = value?.response?.data;
      if (state.status === 'success' && data !== undefined) event.outputs = data;
      events.push(event);
    }
    if (details.concluded && !this.finished) {
      this.finished = true;
      const status = runStatusOf(details);
      const started = Date.parse(details.startedAt ?? details.createdAt);
      const ended = Date.parse(details.concludedAt ?? at);
      const finished: RunEvent = { type: 'run-finished', runId: details.id, at, status, durationMs: Number.isFinite(started) && Number.isFinite(ended) ? Math.max(0, ended - started) : 0, stageState: { stage: this.context.target.stage, resources: [], addons: [] } };
      if (status === 'failure') {
        // The node that failed itself, not the workflows it failed.
        const failures = [...this.states.entries()].filter(([, s]) => s.status === 'failure');
        const kindOf = (index: number): string | undefined => this.nodes?.find((n) => n.index === index)?.kind;
        const failed = failures.find(([, s]) => s.error !== undefined) ?? failures.find(([index]) => kindOf(index) !== 'Workflow') ?? failures[0];
        const info = failed ? this.nodes.find((n) => n.index === failed[0]) : undefined;
        finished.error = info ? `${info.ref ?? info.path} failed${failed?.[1].error ? `: ${failed[1].error.message}` : ''}` : `The platform reports the run ${details.status}.`;
      } else if (status === 'aborted') {
        finished.error = 'The run was aborted.';
      }
      events.push(finished);
    }
    return events;
  }
}

/** Keeps a platform run in the local run store, as followed. */
export class RemoteRunRecorder {
  private recorder: RunRecorder | undefined;

  constructor(
    private readonly store: RunStore | undefined,
    private readonly context: TrackerContext & { repoPath?: string },
    private readonly tracker: RemoteRunTracker,
  ) {}

  async apply(event: RunEvent, details: RunDetails): Promise<void> {
    if (!this.store) return;
    if (!this.recorder) {
      const existing = await this.store.get(details.id).catch(() => undefined);
      const flow = this.tracker.flow ?? {};
      const text = flowText(flow);
      const record: RunRecord = existing && existing.id === details.id ? existing : {
        format: RECORD_FORMAT,
        id: details.id,
        kind: 'release',
        source: 'northflank',
        remote: { ...this.context.target },
        flow: { file: this.context.flowFile, hash: sha256(text), text },
        stage: this.context.target.stage,
        status: runStatusOf(details),
        concurrencyPolicy: String((flow.options as { concurrencyPolicy?: string } | undefined)?.concurrencyPolicy ?? 'allow'),
        createdAt: details.createdAt,
        updatedAt: details.updatedAt,
        owner: currentOwner(),
        arguments: this.tracker.header?.arguments ?? {},
        triggers: {},
        nodes: [],
        notes: [],
      };
      if (this.context.repoPath !== undefined) record.flow.repoPath = this.context.repoPath;
      if (details.name !== undefined) record.name = details.name;
      if (details.description !== undefined) record.description = details.description;
      record.owner = currentOwner();
      // Followed again: the events replay from the start, so the node history is rebuilt rather than doubled.
      record.nodes = [];
      record.notes = [];
      this.recorder = new RunRecorder(record, this.store);
    }
    this.recorder.apply(event);
    if (event.type === 'run-started' && !details.concluded) this.recorder.record.status = runStatusOf(details);
  }

  async flush(): Promise<void> {
    await this.recorder?.flush();
  }
}

export interface FollowOptions {
  /** Base time between polls (about 2 s); longer when the rate limit runs low. */
  pollMs: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onEvent(event: RunEvent): void;
  recorder?: RemoteRunRecorder;
}

export type FollowOutcome = { result: 'concluded'; status: RunStatus } | { result: 'detached'; status: RunStatus | undefined };

/** Polls the run's details until it concludes, or until `signal` aborts (detached: the run goes on). */
export async function followRun(client: PlatformClient, target: PlatformTarget, runId: string, tracker: RemoteRunTracker, options: FollowOptions): Promise<FollowOutcome> {
  const sleep = options.sleep ?? sleepFor;
  let last: RunStatus | undefined;
  try {
    for (;;) {
      if (options.signal?.aborted) return { result: 'detached', status: last };
      const details = await client.getRun(target, runId);
      last = runStatusOf(details);
      for (const event of tracker.update(details)) {
        options.onEvent(event);
        await options.recorder?.apply(event, details);
      }
      if (tracker.concluded) return { result: 'concluded', status: last };
      await sleep(pollDelay(options.pollMs, client.rateLimit), options.signal);
    }
  } catch (error) {
    if (isAbortError(error)) return { result: 'detached', status: last };
    throw error;
  } finally {
    await options.recorder?.flush();
  }
}

/** The id of a run just started: from the run request's answer when it has one, else the newest run listed. */
export async function startedRunId(client: PlatformClient, target: PlatformTarget, answer: unknown, startedAfter: number): Promise<string | undefined> {
  const candidates = [answer, (answer as { data?: unknown } | undefined)?.data];
  for (const candidate of candidates) {
    const id = (candidate as { id?: unknown; runId?: unknown } | undefined)?.id ?? (candidate as { runId?: unknown } | undefined)?.runId;
    if (typeof id === 'string' && id !== '') return id;
  }
  const page = await client.listRuns(target, { perPage: 5 });
  // A few seconds of slack: the platform's clock and this machine's differ.
  const newest = page.runs.find((run) => Date.parse(run.createdAt) >= startedAfter - 5_000);
  return newest?.id;
}
