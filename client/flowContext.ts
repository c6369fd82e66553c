/**
 * Where a flow file sits, resolved the way the CLI resolves it: its Git
 * repository (or its folder), the state folder `.release-flow/` there with
 * its run store, the pipeline description, and the scenario the settings
 * ask for. Stores are opened once per state folder and shared.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PipelineDescription } from '../core/pipeline/description';
import { RandomIds, RealClock } from '../core/runs/clock';
import { SimpleGitProvider, type GitProvider } from '../core/git/repository';
import { parseScenario, type Scenario } from '../core/simulation/scenario';
import { sha256, type RunEnvironment } from '../core/runner/session';
import { RunStore, STATE_FOLDER, type RunSummary } from '../core/runs/store';
import { flowKeyOf } from '../core/triggers/pause';
import { findPipelineFile, loadPipeline } from '../core/pipeline/files';
import { readSettings } from './settings';

export interface FlowContext {
  flowFile: string;
  uri: vscode.Uri;
  /** The repository root, or the flow's folder outside a repository. */
  root: string;
  git: GitProvider | undefined;
  store: RunStore;
  /** The flow's key in the state folder (its path in the repository). */
  flowKey: string;
  pipeline: PipelineDescription | undefined;
  scenario: { scenario: Scenario; info: { file?: string; hash: string } } | undefined;
  /** Things worth telling the user: an unusable pipeline or scenario file, runs found interrupted. */
  warnings: string[];
}

export class FlowContexts {
  private readonly stores = new Map<string, Promise<{ store: RunStore; interrupted: RunSummary[] }>>();
  private readonly roots = new Map<string, Promise<string | undefined>>();

  /** Every state folder opened so far: the Runs view lists their runs. */
  get storeFolders(): string[] {
    return [...this.stores.keys()];
  }

  /** The run store of `root`, when runs were ever recorded there: looking never creates a state folder. */
  async existingStore(root: string): Promise<RunStore | undefined> {
    const folder = path.join(root, STATE_FOLDER);
    if (!this.stores.has(folder) && !(await fs.stat(folder).then((s) => s.isDirectory(), () => false))) return undefined;
    return (await this.openStore(folder)).store;
  }

  /** Where the flow's state is kept, without opening (or creating) anything: enough to read its pause state. */
  async locate(uri: vscode.Uri): Promise<{ stateFolder: string; flowKey: string }> {
    const gitRoot = await this.gitRoot(path.dirname(uri.fsPath));
    return { stateFolder: path.join(gitRoot ?? path.dirname(uri.fsPath), STATE_FOLDER), flowKey: flowKeyOf(gitRoot, uri.fsPath) };
  }

  private openStore(folder: string): Promise<{ store: RunStore; interrupted: RunSummary[] }> {
    let opened = this.stores.get(folder);
    if (!opened) {
      opened = RunStore.open(folder);
      // A failure (a read-only folder) is retried next time rather than remembered.
      opened.catch(() => this.stores.delete(folder));
      this.stores.set(folder, opened);
    }
    return opened;
  }

  /** The Git root of a folder, remembered: Git is asked once per folder. */
  gitRoot(folder: string): Promise<string | undefined> {
    let root = this.roots.get(folder);
    if (!root) {
      root = new SimpleGitProvider(folder).root().catch(() => undefined);
      this.roots.set(folder, root);
    }
    return root;
  }

  async resolve(uri: vscode.Uri): Promise<FlowContext> {
    if (uri.scheme !== 'file') throw new Error(`${uri.toString(true)} is not a file on disk: save it first, so that runs can be recorded beside it.`);
    const flowFile = uri.fsPath;
    const folder = path.dirname(flowFile);
    const gitRoot = await this.gitRoot(folder);
    const root = gitRoot ?? folder;
    const warnings: string[] = [];
    const { store, interrupted } = await this.openStore(path.join(root, STATE_FOLDER));
    for (const run of interrupted.splice(0)) warnings.push(`Run ${run.id.slice(0, 8)} was interrupted (the process running it ended before it finished); its history is kept.`);
    const { settings } = readSettings(uri);
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? root;
    const pipelineFile = settings.pipelineFile !== undefined ? path.resolve(workspaceFolder, settings.pipelineFile) : await findPipelineFile(flowFile, root);
    const pipeline = pipelineFile === undefined ? undefined : await loadPipeline(pipelineFile, (m) => warnings.push(`${m} The stage's resources are inferred from the flow instead.`));
    const scenario = await scenarioFor(settings.scenarioFile === undefined ? undefined : path.resolve(workspaceFolder, settings.scenarioFile), settings.durations, warnings);
    return {
      flowFile, uri, root, store, pipeline, scenario, warnings,
      git: gitRoot === undefined ? undefined : new SimpleGitProvider(gitRoot),
      flowKey: flowKeyOf(gitRoot, flowFile),
    };
  }
}

/** The scenario file, with `releaseFlow.run.durations` on top; undefined when neither is set. */
async function scenarioFor(file: string | undefined, durations: Record<string, string>, warnings: string[]): Promise<FlowContext['scenario']> {
  if (file === undefined && Object.keys(durations).length === 0) return undefined;
  let json: Record<string, unknown> = {};
  if (file !== undefined) {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch (error) {
      warnings.push(`The scenario file ${file} cannot be read (${(error as Error).message}); the default durations are used.`);
    }
  }
  const base = typeof json.durations === 'object' && json.durations !== null ? (json.durations as Record<string, unknown>) : {};
  const merged = { ...json, durations: { ...base, ...durations } };
  const text = JSON.stringify(merged);
  const { scenario, errors } = parseScenario(text);
  if (!scenario) {
    warnings.push(`The scenario (${file ?? 'releaseFlow.run.durations'}) is not valid: ${errors.join('; ')}. The default durations are used.`);
    return undefined;
  }
  const info: { file?: string; hash: string } = { hash: sha256(text) };
  if (file !== undefined) info.file = file;
  return { scenario, info };
}

export function runEnvironment(context: FlowContext): RunEnvironment {
  return { clock: new RealClock(), ids: new RandomIds(), git: context.git, store: context.store };
}

/**
 * The flow a command is about: its argument (a URI, a URI string from a code
 * lens, a tree item holding one) or else the active editor's document.
 */
export function flowUriOf(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  if (typeof argument === 'string' && argument !== '') return vscode.Uri.parse(argument);
  if (typeof argument === 'object' && argument !== null && 'flowUri' in argument && (argument as { flowUri: unknown }).flowUri instanceof vscode.Uri) {
    return (argument as { flowUri: vscode.Uri }).flowUri;
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'release-flow') return editor.document.uri;
  // The preview panel has the focus: its flow is the one meant.
  return undefined;
}
