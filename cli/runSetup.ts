/**
 * What `run` and `runs` share: where the state folder of a flow's repository
 * is, its pipeline description, and the runner's environment for real time.
 */
import * as path from 'node:path';
import type { PipelineDescription } from '../core/pipeline/description';
import { RandomIds, RealClock } from '../core/runs/clock';
import { SimpleGitProvider, type GitProvider } from '../core/git/repository';
import { parseScenario, type Scenario } from '../core/simulation/scenario';
import { sha256, type RunEnvironment } from '../core/runner/session';
import { RunStore, STATE_FOLDER } from '../core/runs/store';
import { loadPipeline } from './commands/validate';
import { findPipelineFile } from './files';
import { fileErrorReason, UsageError, type CommandIo } from './io';
import { readFlowFile } from '../core/document/readFlowFile';

export interface Workspace {
  git: GitProvider | undefined;
  /** The repository root, or the folder of the flow outside a repository. */
  root: string;
  store: RunStore;
}

/** Opens the state folder for `folder` (its repository's, else its own) and reports runs found interrupted. */
export async function openWorkspace(folder: string, io: CommandIo): Promise<Workspace> {
  const git = new SimpleGitProvider(folder);
  const root = await git.root().catch(() => undefined);
  const { store, interrupted } = await RunStore.open(path.join(root ?? folder, STATE_FOLDER));
  for (const run of interrupted) {
    io.err(`release-flow: run ${run.id.slice(0, 8)} of ${path.basename(run.flowFile)} was interrupted (its process ended before it finished); its history is kept.`);
  }
  return { git: root === undefined ? undefined : git, root: root ?? folder, store };
}

export function realEnvironment(workspace: Workspace): RunEnvironment {
  return { clock: new RealClock(), ids: new RandomIds(), git: workspace.git, store: workspace.store };
}

/** --pipeline FILE, else the nearest .northflank/pipeline.json up to the repository root. */
export async function pipelineFor(flowFile: string, explicit: string | undefined, workspace: Workspace, io: CommandIo): Promise<PipelineDescription | undefined> {
  if (explicit !== undefined) {
    const pipeline = await loadPipeline(path.resolve(io.cwd, explicit), (m) => io.err(`release-flow: ${m}`));
    if (!pipeline) throw new UsageError(`--pipeline ${explicit} cannot be used.`);
    return pipeline;
  }
  const found = await findPipelineFile(flowFile, workspace.root);
  if (found === undefined) return undefined;
  return loadPipeline(found, (m) => io.err(`release-flow: warning: ${m} The stage's resources are inferred from the flow instead.`));
}

export async function scenarioFrom(file: string | undefined, io: CommandIo): Promise<{ scenario: Scenario; info: { file: string; hash: string } } | undefined> {
  if (file === undefined) return undefined;
  const absolute = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = (await readFlowFile(absolute)).text;
  } catch (error) {
    throw new UsageError(`cannot read scenario '${file}': ${fileErrorReason(error, 'read')}.`);
  }
  const { scenario, errors } = parseScenario(text);
  if (!scenario) throw new UsageError(`scenario '${file}' is not valid:\n  ${errors.join('\n  ')}`);
  return { scenario, info: { file: absolute, hash: sha256(text) } };
}

/** Ctrl-C aborts `controller`'s run cleanly while `work` runs. */
export async function abortable<T>(io: CommandIo, controller: AbortController, work: () => Promise<T>): Promise<T> {
  const unregister = io.onInterrupt?.(() => {
    if (controller.signal.aborted) return;
    io.err('\nAborting the run… (Ctrl-C again quits at once; the run is then marked interrupted)');
    controller.abort();
  });
  try {
    return await work();
  } finally {
    unregister?.();
  }
}
