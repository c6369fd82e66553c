/**
 * One run request, end to end, for every shell (CLI now, the editor later):
 * validate and dry-run the flow, apply the concurrency policy, record the run,
 * execute it on the simulated platform and record the stage state it leaves.
 * Everything reaches the caller as RunnerEvents, in order.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { propertyNode, propertyValue } from '../document/parse';
import { readFlowFile } from '../document/readFlowFile';
import type { PipelineDescription } from '../pipeline/description';
import { validateFlow } from '../validation/validate';
import { iso, type Clock, type IdGenerator } from '../runs/clock';
import { dryRun } from './dryRun';
import type { DryRunProblem, RunEvent, RunKind, RunnerEvent, RunnerEventListener, StageState, TriggerValues } from '../runs/events';
import { executeFlow, retrySettings, runNodes, type ExecutionResult } from './executor';
import { overrideProblems } from './overrides';
import type { ApprovalGate } from './approvals';
import type { RunOverrides } from '../runs/overrides';
import type { GitProvider } from '../git/repository';
import { repoRelativePath } from '../git/root';
import { SimulatedPlatform } from '../simulation/platform';
import { RunRecorder } from '../runs/recorder';
import { collectArguments, resolveTriggers, TriggerError } from './runInputs';
import { defaultScenario, type Scenario } from '../simulation/scenario';
import { SecretBook } from '../runs/secrets';
import { chooseStage, inferPipeline, withFlowInStage } from '../pipeline/stage';
import { currentOwner, withLock } from '../runs/stateFiles';
import type { RunRecord, RunStore } from '../runs/store';
import { MemoryWorld, type WorldStore } from '../simulation/world';
import { worldFile } from '../simulation/worldFile';

export interface RunEnvironment {
  clock: Clock;
  ids: IdGenerator;
  /** The repository holding the flow; undefined when there is none. */
  git: GitProvider | undefined;
  /** Where history is kept; undefined keeps none (benches). */
  store: RunStore | undefined;
  /** The simulated platform's state: defaults to the store's, else memory. */
  world?: WorldStore;
  /** How often a queued run looks whether its turn has come, in ms. */
  queuePollMs?: number;
}

export interface RunRequest {
  /** Absolute path of the flow file. */
  flowFile: string;
  /** The flow's text when it is not to be read from disk (an editor's unsaved buffer, a rollback). */
  flowText?: string;
  args?: Record<string, string>;
  secretArgs?: Record<string, string>;
  /** Who decides Approval nodes the scenario does not script; without one they fail, saying how to decide. */
  approvals?: ApprovalGate;
  /** The run request's `overrides` (by node ref) and `releaseNodeOverrides` (by service id). */
  overrides?: RunOverrides;
  /** Trigger value overrides, by trigger ref. */
  triggers?: Record<string, Partial<TriggerValues>>;
  name?: string;
  description?: string;
  scenario?: Scenario;
  scenarioInfo?: { file?: string; hash: string };
  stage?: string;
  /** From .northflank/pipeline.json; when absent the stage's resources are inferred from the flow. */
  pipeline?: PipelineDescription;
  dryRunOnly?: boolean;
  kind?: RunKind;
  rollbackOf?: string;
  /** Notes to show with the run (a rollback says what it leaves alone). */
  notes?: string[];
  signal?: AbortSignal;
  onEvent?: RunnerEventListener;
}

export type RunOutcome =
  | { result: 'dry-run'; ok: boolean; problems: DryRunProblem[]; stage?: string }
  | { result: 'refused'; reason: string; activeRuns: string[] }
  | { result: 'finished'; status: ExecutionResult['status']; record: RunRecord };

const RUN_NAME = /^[a-zA-Z]((-|\s)?[a-zA-Z0-9]+((-|\s)[a-zA-Z0-9]+)*)?$/;
const RUN_DESCRIPTION = /^[a-zA-Z0-9.,?\s\\/'"()[\];`%^&*\-_:!]+$/;

/** The platform's rules for a run name (run-release-flow.md); undefined when it is fine. */
export function runNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 39) return `A run name has 3 to 39 characters; '${name}' has ${name.length}.`;
  if (!RUN_NAME.test(name)) return `A run name starts with a letter and has letters and digits separated by single spaces or hyphens; '${name}' does not.`;
  return undefined;
}

export function runDescriptionProblem(description: string): string | undefined {
  if (description.length > 200) return `A run description has at most 200 characters; this one has ${description.length}.`;
  if (!RUN_DESCRIPTION.test(description)) return 'A run description may use letters, digits, spaces and . , ? \\ / \' " ( ) [ ] ; ` % ^ & * - _ : ! only.';
  return undefined;
}

export const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export async function runFlow(request: RunRequest, env: RunEnvironment): Promise<RunOutcome> {
  const deliver = (event: RunnerEvent): void => {
    try {
      request.onEvent?.(event);
    } catch {
      // A listener's bug must not break the run or its record.
    }
  };
  for (const problem of [request.name === undefined ? undefined : runNameProblem(request.name), request.description === undefined ? undefined : runDescriptionProblem(request.description)]) {
    if (problem) throw new Error(problem);
  }
  const { clock } = env;
  const text = request.flowText ?? (await readFlowFile(request.flowFile)).text;
  const root = env.git ? await clock.track(env.git.root()).catch(() => undefined) : undefined;
  const repoPath = root !== undefined ? repoRelativePath(root, request.flowFile) : undefined;
  const fileName = path.basename(request.flowFile);
  const scenario = request.scenario ?? defaultScenario();
  const secrets = new SecretBook(env.store ? await clock.track(env.store.secrets()) : {}, env.ids);

  const validateOptions: Parameters<typeof validateFlow>[1] = { fileName };
  if (repoPath !== undefined) validateOptions.repoPath = repoPath;
  const { model, diagnostics } = await clock.track(validateFlow(text, validateOptions));
  const notes: string[] = [...(request.notes ?? [])];
  const problems: DryRunProblem[] = [];
  const gitopsPath = propertyValue(propertyNode(model.root, 'gitops'), 'filePath');
  const choice = chooseStage(request.stage, request.pipeline, repoPath, fileName, typeof gitopsPath === 'string' ? gitopsPath : undefined);
  const stage = 'stage' in choice ? choice.stage : undefined;
  if ('error' in choice) problems.push({ code: 'unknown-stage', message: choice.error, line: 1, column: 1 });
  else if (choice.defaulted) notes.push(`Stage: ${choice.reason}.`);
  const args = collectArguments(model, request, secrets);
  let triggers = new Map<string, TriggerValues>();
  try {
    triggers = await clock.track(resolveTriggers(model, request.triggers ?? {}, env.git, (note) => notes.push(note)));
  } catch (error) {
    if (!(error instanceof TriggerError)) throw error;
    const at = model.triggers[0] ? model.lines.positionAt(model.triggers[0].span.start) : { line: 0, character: 0 };
    problems.push({ code: 'trigger', message: error.message, line: at.line + 1, column: at.character + 1 });
  }
  const pipeline = stage === undefined ? undefined : withFlowInStage(request.pipeline ?? inferPipeline(model, stage), stage, repoPath ?? `/${fileName}`);
  const dryInput: Parameters<typeof dryRun>[0] = { model, diagnostics, fileName, args: args.values, triggers, now: clock.now() };
  if (repoPath !== undefined) dryInput.repoPath = repoPath;
  if (pipeline !== undefined) dryInput.pipeline = pipeline;
  problems.push(...dryRun(dryInput));
  problems.push(...overrideProblems(model, request.overrides));
  const dryRunEvent: RunnerEvent = { type: 'dry-run', ok: problems.length === 0, flowFile: request.flowFile, problems, notes: notes.map((n) => secrets.maskText(n)) };
  if (stage !== undefined) dryRunEvent.stage = stage;
  deliver(dryRunEvent);
  if (problems.length > 0 || stage === undefined || pipeline === undefined) return { result: 'dry-run', ok: false, problems };
  if (request.dryRunOnly) return { result: 'dry-run', ok: true, problems, stage };

  const runId = env.ids.uuid();
  const now = iso(clock.now());
  const policy = String(propertyValue(propertyNode(model.root, 'options'), 'concurrencyPolicy') ?? 'allow');
  const record: RunRecord = {
    format: 1, id: runId, kind: request.kind ?? 'release',
    flow: { file: request.flowFile, hash: sha256(text), text },
    stage, status: 'pending', concurrencyPolicy: policy, createdAt: now, updatedAt: now, owner: currentOwner(),
    arguments: args.shown, triggers: Object.fromEntries(triggers), nodes: [], notes: [],
  };
  if (request.overrides) record.overrides = secrets.mask(request.overrides);
  if (repoPath !== undefined) record.flow.repoPath = repoPath;
  for (const key of ['rollbackOf', 'name', 'description', 'scenarioInfo'] as const) {
    const value = request[key];
    if (value === undefined) continue;
    if (key === 'scenarioInfo') record.scenario = value as { hash: string };
    else record[key] = value as string;
  }
  if (policy === 'latest' || policy === 'replace') notes.push(`concurrencyPolicy '${policy}' is not described by the platform's docs: the local runner treats it as 'queue'.`);

  const store = env.store;
  if (store) {
    let ahead: string[] = [];
    const refusal = await clock.track(
      withLock(path.join(store.folder, 'runs.lock'), async () => {
        // `allow` needs no look at the other runs: listing them is the costly part under load.
        const active = policy === 'allow' ? [] : await store.active(request.flowFile);
        if (policy === 'forbid' && active.length > 0) return active.map((r) => r.id);
        if (policy !== 'allow' && active.length > 0) {
          record.status = 'queued';
          ahead = active.map((r) => r.id);
        }
        await store.save(record);
        return undefined;
      }),
    );
    if (refusal) {
      const reason = `concurrencyPolicy is 'forbid' and ${refusal.length === 1 ? 'run' : 'runs'} ${refusal.map((id) => id.slice(0, 8)).join(', ')} of this flow ${refusal.length === 1 ? 'is' : 'are'} still running: the request is ignored, as on the platform.`;
      deliver({ type: 'run-refused', flowFile: request.flowFile, policy, reason, activeRuns: refusal });
      return { result: 'refused', reason, activeRuns: refusal };
    }
    if (record.status === 'queued') {
      deliver({ type: 'run-queued', runId, at: iso(clock.now()), flowFile: request.flowFile, ahead });
      try {
        await waitForTurn(store, record, env, request.signal);
      } catch (error) {
        // Aborted while waiting in the queue: it never started, and the record says so.
        record.status = 'aborted';
        record.error = `Aborted while queued: ${(error as Error).message}`;
        record.concludedAt = record.updatedAt = iso(clock.now());
        await clock.track(store.save(record));
        return { result: 'finished', status: 'aborted', record };
      }
    }
  }

  const recorder = new RunRecorder(record, store);
  const emit = (event: RunEvent): void => {
    recorder.apply(event);
    deliver(event);
  };
  const startedAt = clock.now();
  emit({
    type: 'run-started', runId, at: iso(startedAt), nodes: runNodes(model, retrySettings(scenario)),
    run: {
      id: runId, kind: record.kind, flowFile: request.flowFile, flowHash: record.flow.hash, stage, arguments: args.shown, triggers: record.triggers,
      ...(record.rollbackOf !== undefined ? { rollbackOf: record.rollbackOf } : {}),
      ...(record.name !== undefined ? { name: record.name } : {}),
      ...(record.description !== undefined ? { description: record.description } : {}),
      ...(record.overrides !== undefined ? { overrides: record.overrides } : {}),
    },
  });
  for (const message of notes) emit({ type: 'note', runId, at: iso(clock.now()), message: secrets.maskText(message) });

  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (request.signal?.aborted) controller.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const platform = new SimulatedPlatform({
    world: env.world ?? (store ? worldFile(store.folder) : new MemoryWorld()), git: env.git, clock, ids: env.ids, scenario, pipeline, stage,
    strictResources: request.pipeline !== undefined, runId,
    note: (node, message) => emit(node === undefined ? { type: 'note', runId, at: iso(clock.now()), message: secrets.maskText(message) } : { type: 'note', runId, at: iso(clock.now()), node, message: secrets.maskText(message) }),
  });
  let result: ExecutionResult;
  try {
    await clock.track(platform.begin());
    const execution: Parameters<typeof executeFlow>[0] = { runId, model, flowKey: repoPath ?? request.flowFile, platform, clock, ids: env.ids, scenario, args: args.values, triggers, secrets, signal: controller.signal, emit };
    if (request.overrides) execution.overrides = request.overrides;
    if (request.approvals) execution.approvals = request.approvals;
    result = await executeFlow(execution);
  } catch (error) {
    result = { status: controller.signal.aborted ? 'aborted' : 'failure', error: `The runner failed: ${secrets.maskText((error as Error).message)}` };
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
  let stageState: StageState;
  try {
    stageState = await clock.track(platform.stageState(true));
    if (store) await clock.track(store.addSecrets(secrets.newSecrets));
  } catch (error) {
    stageState = { stage, resources: [], addons: [] };
    result = { status: 'failure', error: `${result.error ? `${result.error} ` : ''}Recording the stage state failed: ${(error as Error).message}` };
  }
  const finished: RunEvent = { type: 'run-finished', runId, at: iso(clock.now()), status: result.status, durationMs: clock.now() - startedAt, stageState: secrets.mask(stageState) };
  if (result.error !== undefined) finished.error = result.error;
  emit(finished);
  await clock.track(recorder.flush());
  return { result: 'finished', status: result.status, record };
}

/** Queue: runs of one flow go one at a time, in order of creation. */
async function waitForTurn(store: RunStore, record: RunRecord, env: RunEnvironment, signal: AbortSignal | undefined): Promise<void> {
  for (;;) {
    const active = await env.clock.track(store.active(record.flow.file));
    const earlier = active.filter((r) => r.id !== record.id && (r.createdAt < record.createdAt || (r.createdAt === record.createdAt && r.id < record.id)));
    if (earlier.length === 0) return;
    await env.clock.sleep(env.queuePollMs ?? 250, signal);
  }
}
