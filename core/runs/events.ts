/**
 * The run event stream, declared once: the executor emits these, the run
 * store folds them into the history, the CLI prints them (`--json`: one per
 * line) and the editor extension renders them. Every event is already masked:
 * no secret value ever appears in one.
 */

import type { RunOverrides } from './overrides';

/**
 * Node statuses in the platform's words (api/get-release-flow-run-details.md: `failure`, not `failed`).
 * The platform's `waiting` covers a node not started yet and one in progress; locally those are
 * `pending` and `running`, and `waiting` is a node polling for something (a condition, a deployment).
 */
export type NodeStatus =
  | 'pending' | 'running' | 'waiting' | 'retrying' | 'approval_wait' | 'async_wait'
  | 'success' | 'failure' | 'skipped' | 'aborting' | 'aborted';

/** Run statuses of the platform plus `interrupted`: the process running it died. */
export type RunStatus = 'queued' | 'pending' | 'running' | 'success' | 'failure' | 'aborting' | 'aborted' | 'interrupted';

export const TERMINAL_NODE_STATUSES: ReadonlySet<NodeStatus> = new Set(['success', 'failure', 'skipped', 'aborted']);
export const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(['success', 'failure', 'aborted', 'interrupted']);

export type RunKind = 'release' | 'rollback';

/** A node of the flow as the run shows it; `index` is the node's pre-order index in the flow. */
/**
 * The steps of a run, by node index: the nodes no other node sits in.
 * Workflows are containers and count through their steps, so that `2/4`
 * means the same in the status bar, the Runs view and the Northflank view.
 */
export function stepIndexes(nodes: readonly Pick<RunNodeInfo, 'index' | 'parent'>[]): Set<number> {
  const parents = new Set(nodes.map((node) => node.parent));
  return new Set(nodes.filter((node) => !parents.has(node.index)).map((node) => node.index));
}

export interface RunNodeInfo {
  index: number;
  parent: number | undefined;
  kind: string;
  ref: string | undefined;
  /** JSON path of the node in the flow file, e.g. `spec.spec.steps.1`. */
  path: string;
  depth: number;
  /** For workflows: how the steps run. */
  workflowType?: 'sequential' | 'parallel';
  /** One line saying what the node acts on, e.g. `shop-builder @ main`. */
  target?: string;
  /** How the node is retried, in the shape of the run details' node `settings` (delay in seconds). */
  settings?: NodeSettings;
}

/** Run details' node `settings`: attempts allowed and the wait between them. */
export interface NodeSettings {
  maxAttempts: number;
  backoff: { type: 'fixed'; delay: number };
}

/** `${refs.<trigger>...}` values of a Git trigger for this run. */
export interface TriggerValues {
  branch: string | null;
  sha: string | null;
  repoUrl: string | null;
  pullRequestId: number | null;
}

/** A node's attempts in the platform's shape (run details' `response.retries`; timestamps in seconds). */
export interface NodeRetries {
  attempts: number;
  maxAttempts: number;
  timestamp: number;
  nextAttempt?: number;
}

export interface NodeError {
  /** Stable code, e.g. `timeout`, `platform-error`, `unresolved-ref`, `operation-failed`. */
  code: string;
  message: string;
}

/** One deployed service or job, as the stage shows it after a run. */
export interface DeploymentState {
  type: 'service' | 'job';
  id: string;
  /** Undefined when nothing has been released to it in the simulation. */
  deployment?: {
    internal?: { nfObjectId: string; branch: string; buildId: string; buildSHA: string; deployedSHA: string };
    external?: { imagePath: string };
    releasedAt: string;
    /** The run that released it. */
    runId: string | undefined;
    status: 'deploying' | 'running' | 'failed';
    /**
     * The local simulation released nothing to it: it is assumed to exist and
     * run, as it would on the platform, with an image the simulation does not know.
     */
    assumed?: true;
  };
}

export interface AddonState {
  id: string;
  version: string;
  running: boolean;
  latestBackupId?: string;
}

/** What a pipeline stage runs: recorded after every run, restored by a rollback. */
export interface StageState {
  stage: string;
  resources: DeploymentState[];
  addons: AddonState[];
}

export interface RunHeader {
  id: string;
  kind: RunKind;
  /** For a rollback: the run whose stage state it restores. */
  rollbackOf?: string;
  name?: string;
  description?: string;
  flowFile: string;
  flowHash: string;
  stage: string;
  /** Argument values of the run; secret ones masked. */
  arguments: Record<string, unknown>;
  triggers: Record<string, TriggerValues>;
  /** The run request's `overrides` and `releaseNodeOverrides`, when given (secrets masked). */
  overrides?: RunOverrides;
}

/** The run has passed its dry run and starts; every node is `pending`. */
export interface RunStartedEvent {
  type: 'run-started';
  runId: string;
  at: string;
  run: RunHeader;
  nodes: RunNodeInfo[];
}

export interface NodeStatusEvent {
  type: 'node-status';
  runId: string;
  at: string;
  node: number;
  ref: string | undefined;
  kind: string;
  status: NodeStatus;
  /** 1-based attempt the status belongs to (0 for nodes never attempted). */
  attempt: number;
  /** Attempts made and allowed, as the platform reports them (local runs report them the same way). */
  retries?: NodeRetries;
  error?: NodeError;
  /** The node's response data (the platform's API response shape), on success. */
  outputs?: unknown;
  /** The node's spec with every `${...}` resolved, when it starts an attempt. */
  request?: unknown;
}

/** Something the user should know that is not a status change: a fallback taken, a skipped restore. */
export interface RunNoteEvent {
  type: 'note';
  runId: string;
  at: string;
  node?: number;
  message: string;
}

export interface RunFinishedEvent {
  type: 'run-finished';
  runId: string;
  at: string;
  status: RunStatus;
  error?: string;
  durationMs: number;
  stageState: StageState;
}

/** One thing the dry run could not resolve; line and column are 1-based. */
export interface DryRunProblem {
  code: string;
  message: string;
  line: number;
  column: number;
  /** The node it concerns: its ref, or its JSON path when it has none. */
  node?: string;
}

/** Result of the checks made before any node runs; when not ok the run does not start. */
export interface DryRunEvent {
  type: 'dry-run';
  ok: boolean;
  flowFile: string;
  /** The stage the run is for, when it could be told. */
  stage?: string;
  problems: DryRunProblem[];
  /** Choices made while preparing the run (stage, trigger values), worth knowing. */
  notes: string[];
}

/** The concurrency policy refused the run: it was not started and is not recorded. */
export interface RunRefusedEvent {
  type: 'run-refused';
  flowFile: string;
  policy: string;
  reason: string;
  /** The runs that caused the refusal. */
  activeRuns: string[];
}

/** The concurrency policy (`queue`) holds the run until the earlier runs of its flow are over; it is recorded as `queued`. */
export interface RunQueuedEvent {
  type: 'run-queued';
  runId: string;
  at: string;
  flowFile: string;
  /** The runs it waits for, oldest first. */
  ahead: string[];
}

/** `runs rollback --config`: where the configuration of the chosen run was written (not a run event). */
export interface ConfigRestoredEvent {
  type: 'config-restored';
  runId: string;
  file: string;
  written: boolean;
  message: string;
}

/** Events of one run. */
export type RunEvent = RunStartedEvent | NodeStatusEvent | RunNoteEvent | RunFinishedEvent;

/** Everything a run request can report, in order: `dry-run`, then `run-refused`, or `run-queued` (maybe) and the run's events. */
export type RunnerEvent = DryRunEvent | RunRefusedEvent | RunQueuedEvent | RunEvent;

export type RunnerEventListener = (event: RunnerEvent) => void;
