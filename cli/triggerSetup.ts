/**
 * What the trigger commands share (triggers, simulate, pause, resume,
 * webhook, watch): the flow and its repository, its pause state, the Git
 * event named on the command line, and one-line reports of background runs.
 */
import * as path from 'node:path';
import { readFlowFile } from '../core/document/readFlowFile';
import { GitHistory } from '../core/git/history';
import type { FlowModel } from '../core/document/model';
import { parseFlow } from '../core/document/parse';
import type { RunnerEvent } from '../core/runs/events';
import { GitError } from '../core/git/repository';
import { filePaused } from '../core/triggers/evaluate';
import type { GitEvent } from '../core/git/events';
import { flowKeyOf, readPauseState, type PauseState } from '../core/triggers/pause';
import { EXIT, UsageError, type CommandIo } from './io';
import { displayPath, shortId } from './runView';
import type { RunRequest } from '../core/runner/session';
import { checkApprovalRefs, pairs } from './commands/run';
import { preApproved } from '../core/runner/approvals';
import { openWorkspace, pipelineFor, scenarioFrom, type Workspace } from './runSetup';

export interface FlowContext {
  flowFile: string;
  workspace: Workspace;
  model: FlowModel;
  /** The flow's key in the state folder: its path in the repository. */
  flowKey: string;
  /** Undefined outside a Git repository. */
  history: GitHistory | undefined;
}

/** Opens the flow named on the command line, or reports why it cannot and returns the exit code. */
export async function openFlow(file: string | undefined, io: CommandIo): Promise<FlowContext | number> {
  if (file === undefined) throw new UsageError('Name the release-flow file.');
  const flowFile = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = (await readFlowFile(flowFile)).text;
  } catch (error) {
    io.err(`release-flow: cannot read '${file}': ${(error as Error).message}.`);
    return EXIT.usage;
  }
  const workspace = await openWorkspace(path.dirname(flowFile), io);
  const root = workspace.git ? workspace.root : undefined;
  return { flowFile, workspace, model: parseFlow(text), flowKey: flowKeyOf(root, flowFile), history: root === undefined ? undefined : new GitHistory(root) };
}

/** The flow's pause state; `model` is the flow as it is now (its options.paused may have changed). */
export function pauseOf(context: FlowContext, model: FlowModel = context.model): Promise<PauseState> {
  return readPauseState(context.workspace.store.folder, context.flowKey, filePaused(model));
}

/** parseArgs options of the run inputs the trigger commands give their runs (as 'run' takes them). */
export const RUN_INPUT_OPTIONS = {
  arg: { type: 'string', multiple: true },
  secret: { type: 'string', multiple: true },
  scenario: { type: 'string' },
  stage: { type: 'string' },
  pipeline: { type: 'string' },
  approve: { type: 'string', multiple: true },
} as const;

export type RunInputs = Pick<RunRequest, 'scenario' | 'scenarioInfo' | 'pipeline' | 'stage' | 'args' | 'secretArgs' | 'approvals'>;

/** The run fields those options give. */
export async function runInputsFrom(
  values: { arg?: string[] | undefined; secret?: string[] | undefined; scenario?: string | undefined; stage?: string | undefined; pipeline?: string | undefined; approve?: string[] | undefined },
  context: FlowContext,
  io: CommandIo,
): Promise<RunInputs> {
  const inputs: RunInputs = { args: pairs(values.arg, '--arg'), secretArgs: pairs(values.secret, '--secret') };
  const scenario = await scenarioFrom(values.scenario, io);
  if (scenario) Object.assign(inputs, { scenario: scenario.scenario, scenarioInfo: scenario.info });
  const pipeline = await pipelineFor(context.flowFile, values.pipeline, context.workspace, io);
  if (pipeline) inputs.pipeline = pipeline;
  if (values.stage !== undefined) inputs.stage = values.stage;
  // Nobody is asked in a background run: only the Approval nodes named are approved, the others fail saying how to decide.
  checkApprovalRefs(context.model, values.approve ?? []);
  if (values.approve && values.approve.length > 0) inputs.approvals = preApproved(new Set(values.approve));
  return inputs;
}

/** parseArgs options naming a Git event. */
export const EVENT_OPTIONS = {
  push: { type: 'string' },
  pr: { type: 'string' },
  tag: { type: 'string' },
  branch: { type: 'string' },
  base: { type: 'string' },
  draft: { type: 'boolean' },
  'pr-id': { type: 'string' },
} as const;

export interface EventFlags {
  push?: string | undefined;
  pr?: string | undefined;
  tag?: string | undefined;
  branch?: string | undefined;
  base?: string | undefined;
  draft?: boolean | undefined;
  'pr-id'?: string | undefined;
}

/** Reads the event the flags name from the repository's history (default: a push of the current branch). */
export async function eventFrom(flags: EventFlags, history: GitHistory | undefined): Promise<GitEvent> {
  const kinds = [flags.pr !== undefined, flags.tag !== undefined, flags.push !== undefined].filter(Boolean).length;
  if (kinds > 1) throw new UsageError('Give one event: --push, --pr or --tag.');
  if (flags.pr === undefined && (flags.base !== undefined || flags.draft || flags['pr-id'] !== undefined)) throw new UsageError('--base, --draft and --pr-id go with --pr.');
  if ((flags.pr !== undefined || flags.tag !== undefined) && flags.branch !== undefined) throw new UsageError('--branch goes with a push.');
  let pullRequestId: number | undefined;
  if (flags['pr-id'] !== undefined) {
    if (!/^\d+$/.test(flags['pr-id'])) throw new UsageError(`--pr-id takes a number, not '${flags['pr-id']}'.`);
    pullRequestId = Number(flags['pr-id']);
  }
  if (!history) throw new GitError('no-repo', 'The flow is not inside a Git repository: triggers are evaluated against the history of the repository that holds the flow.');
  if (flags.pr !== undefined) return history.pullRequestEvent({ head: flags.pr, base: flags.base, draft: flags.draft === true, pullRequestId });
  if (flags.tag !== undefined) return history.tagEvent(flags.tag);
  return history.pushEvent({ range: flags.push, branch: flags.branch });
}

/** Runs `work`, turning Git errors (no repository, unknown branch...) into a message and exit 2. */
export async function reportingGitErrors(io: CommandIo, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    io.err(`release-flow: ${error.message}`);
    return EXIT.usage;
  }
}

/** One line for an event of a run going on in the background (webhook, watch); undefined for node details. */
export function backgroundRunLine(event: RunnerEvent, cwd: string, command = 'release-flow'): string | undefined {
  switch (event.type) {
    case 'dry-run':
      return event.ok ? undefined : `dry run failed for ${displayPath(event.flowFile, cwd)}: ${event.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join('; ')}`;
    case 'run-refused':
      return `run refused: ${event.reason}`;
    case 'run-queued':
      return `run ${shortId(event.runId)} queued behind ${event.ahead.map(shortId).join(', ')}`;
    case 'run-started': {
      const triggers = Object.entries(event.run.triggers).map(([ref, v]) => `${ref}=${v.branch ?? '?'}@${v.sha?.slice(0, 7) ?? '?'}`);
      return `run ${shortId(event.runId)} started${triggers.length > 0 ? ` (${triggers.join(', ')})` : ''}`;
    }
    case 'run-finished':
      return `run ${shortId(event.runId)} ${event.status}${event.error ? `: ${event.error}` : ''} (${command} runs show ${shortId(event.runId)})`;
    default:
      return undefined;
  }
}

/** Resolves on Ctrl-C (or never, when the shell gives no way to interrupt). */
export function untilInterrupted(io: CommandIo): { promise: Promise<void>; dispose(): void } {
  let dispose = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    dispose = io.onInterrupt?.(() => resolve()) ?? dispose;
  });
  return { promise, dispose: () => dispose() };
}
