/**
 * Run Release Flow, Re-run, Abort Run, Roll Back to Run, Show Runs, and the
 * Runs view's item actions. Each calls the runner's core function the CLI
 * calls (`runFlow`, `rollbackTo`), through the RunController.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFlow } from '../../core/document/parse';
import { MASK } from '../../core/runs/secrets';
import type { RunOutcome } from '../../core/runner/session';
import type { RunRecord, RunSummary } from '../../core/runs/store';
import { flowUriOf } from '../flowContext';
import type { CommandHandlers, Services } from '../services';
import { NodeItem, RunItem } from '../runs/runsView';
import { askRunInputs, overridesOf } from './runForm';
import type { RunOverrides } from '../../core/runs/overrides';

/** The flow document a command is about, opened if needed; tells the user when there is none. */
export async function flowDocument(argument: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = flowUriOf(argument);
  if (!uri) {
    void vscode.window.showWarningMessage('Open a release flow file (release-*.json) first.');
    return undefined;
  }
  return vscode.workspace.openTextDocument(uri);
}

/** Tells the user how a run ended, with a way to the details; does not wait for the user to answer. */
export function reportOutcome(outcome: RunOutcome, file: string, services: Services): void {
  const name = path.basename(file);
  let choice: Thenable<string | undefined>;
  if (outcome.result === 'dry-run') {
    if (outcome.ok) return;
    const first = outcome.problems[0];
    choice = vscode.window.showErrorMessage(`${name}: the dry run failed, nothing was run${first ? ` (${first.line}:${first.column} ${first.message})` : ''}.`, 'Show Log');
  } else if (outcome.result === 'refused') {
    choice = vscode.window.showWarningMessage(`${name}: ${outcome.reason}`, 'Show Runs');
  } else {
    const record = outcome.record;
    const took = record.startedAt && record.concludedAt ? ` in ${((Date.parse(record.concludedAt) - Date.parse(record.startedAt)) / 1000).toFixed(1)} s` : '';
    const label = `${record.kind === 'rollback' ? 'Rollback' : 'Run'} ${record.id.slice(0, 8)} of ${name}`;
    choice = outcome.status === 'success'
      ? vscode.window.showInformationMessage(`${label} succeeded${took}.`, 'Show Runs')
      : vscode.window.showErrorMessage(`${label} ${outcome.status}${record.error ? `: ${record.error}` : ''}.`, 'Show Log', 'Show Runs');
  }
  void choice.then((picked) => {
    if (picked === 'Show Log') services.log.show();
    if (picked === 'Show Runs') void vscode.commands.executeCommand('releaseFlow.showRuns');
  });
}

function warn(services: Services, warnings: string[]): void {
  for (const w of warnings) services.log.warn(w);
}

/**
 * Inputs given with the command (`executeCommand('releaseFlow.run', uri, inputs)`, from a keybinding or
 * a test): the run starts at once, without the form.
 */
export interface RunInputs {
  name?: string;
  description?: string;
  args?: Record<string, string>;
  secretArgs?: Record<string, string>;
  /** The run request's `overrides` / `releaseNodeOverrides`, as `run --override` builds them. */
  overrides?: RunOverrides;
}

function isRunInputs(value: unknown): value is RunInputs {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !Array.isArray(value);
}

async function runDocument(document: vscode.TextDocument, services: Services, overrides?: { record: RunRecord } | { inputs: RunInputs }): Promise<RunOutcome | undefined> {
  const context = await services.contexts.resolve(document.uri);
  warn(services, context.warnings);
  const model = parseFlow(document.getText());
  const fileName = path.basename(document.uri.fsPath);
  let request;
  if (overrides && 'inputs' in overrides) {
    const { name, description, args, secretArgs, overrides: runOverrides } = overrides.inputs;
    request = { args: args ?? {}, secretArgs: secretArgs ?? {}, ...(name ? { name } : {}), ...(description ? { description } : {}), ...(runOverrides ? { overrides: runOverrides } : {}) };
  } else if (overrides) {
    // A re-run: the values that were not secret, and the same trigger values; secrets come from the file again.
    const args: Record<string, string> = {};
    for (const [k, v] of Object.entries(overrides.record.arguments)) if (v !== MASK) args[k] = typeof v === 'string' ? v : JSON.stringify(v);
    // Triggers removed from the file since are left out: the run is of the flow as it is now.
    const triggers = Object.fromEntries(Object.entries(overrides.record.triggers).filter(([ref]) => model.triggers.some((t) => t.ref === ref)));
    request = {
      args, triggers, ...(overrides.record.name ? { name: overrides.record.name } : {}), ...(overrides.record.description ? { description: overrides.record.description } : {}),
      ...(overrides.record.overrides ? { overrides: overrides.record.overrides } : {}),
    };
  } else {
    const choices = await askRunInputs(model, context, fileName);
    if (!choices) return undefined;
    const runOverrides = overridesOf(choices);
    request = { args: choices.args, secretArgs: choices.secretArgs, ...(choices.name ? { name: choices.name } : {}), ...(choices.description ? { description: choices.description } : {}), ...(runOverrides ? { overrides: runOverrides } : {}) };
  }
  if (document.isDirty) services.log.info(`${fileName}: running the editor's unsaved text.`);
  const outcome = await services.runs.run(context, { ...request, flowText: document.getText() }, 'manual');
  reportOutcome(outcome, context.flowFile, services);
  return outcome;
}

async function pickRun(services: Services, title: string, filter: (r: RunSummary) => boolean): Promise<RunRecord | undefined> {
  const runs = (await services.runsView.runs()).filter((item) => filter(item.summary));
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`${title}: no run to choose from.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map(({ summary: r }, index) => ({ label: r.name ?? `Run ${r.id.slice(0, 8)}`, description: `${r.status} · ${path.basename(r.flowFile)} · ${r.stage}`, detail: r.createdAt.replace('T', ' ').slice(0, 19), index })),
    { title, ignoreFocusOut: true },
  );
  return picked ? runs[picked.index]?.record() : undefined;
}

async function rollback(argument: unknown, services: Services): Promise<void> {
  const active = vscode.window.activeTextEditor?.document;
  const target = argument instanceof RunItem
    ? await argument.record()
    : await pickRun(services, 'Roll back to the state after run…', (r) => r.status === 'success' && (active?.languageId !== 'release-flow' || r.flowFile === active.uri.fsPath));
  if (!target) return;
  const short = target.id.slice(0, 8);
  const restore = 'Roll Back and Restore Configuration';
  const choice = await vscode.window.showWarningMessage(
    `Roll ${target.stage} back to the state after run ${short}${target.name ? ` "${target.name}"` : ''}?`,
    { modal: true, detail: 'Each service and job gets the build or image it ran after that run, through a new recorded rollback run. Addon data and migrations are not undone. Restoring the configuration also puts the flow as it was then into the editor (unsaved, for you to review).' },
    'Roll Back',
    restore,
  );
  if (!choice) return;
  const context = await services.contexts.resolve(vscode.Uri.file(target.flow.file));
  let outcome;
  try {
    outcome = await services.runs.rollback(context, target);
  } catch (error) {
    void vscode.window.showErrorMessage(`Roll back: ${(error as Error).message}`);
    return;
  }
  if (choice === restore) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(target.flow.file));
    if (document.getText() !== target.flow.text) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), target.flow.text);
      await vscode.workspace.applyEdit(edit);
      await vscode.window.showTextDocument(document);
      services.log.info(`${path.basename(target.flow.file)}: the configuration of run ${short} is in the editor, not saved; save (and commit) it to keep it.`);
    }
  }
  reportOutcome(outcome, target.flow.file, services);
}

async function abort(argument: unknown, services: Services): Promise<void> {
  let runId: string | undefined;
  if (argument instanceof RunItem && argument.summary.source === 'northflank' && !services.runs.active.some((r) => r.runId === argument.summary.id)) {
    // A platform run followed elsewhere (the CLI, another window): aborted through the platform.
    await vscode.commands.executeCommand('releaseFlow.northflank.abortRun', { flowUri: argument.flowUri, runId: argument.summary.id });
    return;
  }
  if (argument instanceof RunItem) runId = argument.summary.id;
  else {
    const live = services.runs.active.filter((r) => r.abort !== undefined);
    if (live.length === 0) {
      void vscode.window.showInformationMessage('No run started in this window is going on.');
      return;
    }
    runId = live.length === 1
      ? live[0]?.runId
      : (await vscode.window.showQuickPick(live.map((r) => ({ label: r.name ?? `Run ${r.runId.slice(0, 8)}`, description: `${r.status} · ${path.basename(r.flowFile)}`, runId: r.runId })), { title: 'Abort which run?' }))?.runId;
  }
  if (runId === undefined) return;
  if (!services.runs.abort(runId)) {
    void vscode.window.showWarningMessage(`Run ${runId.slice(0, 8)} cannot be aborted from here: it has finished, belongs to another process (the CLI, another window), or was started by the webhook (Stop Webhook aborts those).`);
  }
}

/**
 * Approve / Reject: on a node of the Runs view, with `{ runId, node }` (the preview), or, without an
 * argument, the one waiting approval (a pick when there are several).
 */
async function decideApproval(argument: unknown, decision: 'approve' | 'reject', services: Services): Promise<void> {
  let target: { runId: string; node: number } | undefined;
  if (argument instanceof NodeItem) target = { runId: argument.run.id, node: argument.node.index };
  else if (isApprovalTarget(argument)) target = argument;
  else {
    const pending = services.runs.approvals.pending();
    const picked = pending.length <= 1
      ? pending[0]
      : (await vscode.window.showQuickPick(pending.map((r) => ({ label: r.label, description: `run ${r.runId.slice(0, 8)}`, request: r })), { title: decision === 'approve' ? 'Approve which?' : 'Reject which?' }))?.request;
    if (picked) target = { runId: picked.runId, node: picked.node };
  }
  if (!target) {
    void vscode.window.showInformationMessage('No approval is waiting in a run started in this window.');
    return;
  }
  if (!services.runs.decideApproval(target.runId, target.node, decision)) {
    void vscode.window.showWarningMessage(`That node no longer waits for approval here: it was decided already, its run ended, or the run belongs to another process (the CLI asks on its terminal; pass --approve there).`);
  }
}

function isApprovalTarget(value: unknown): value is { runId: string; node: number } {
  return typeof value === 'object' && value !== null && typeof (value as { runId?: unknown }).runId === 'string' && typeof (value as { node?: unknown }).node === 'number';
}

async function revealNode(item: unknown): Promise<void> {
  if (!(item instanceof NodeItem)) return;
  const document = await vscode.workspace.openTextDocument(item.flowUri);
  const node = parseFlow(document.getText()).nodes.find((n) => n.path.join('.') === item.node.path);
  const span = node ? (node.refSpan ?? node.kindSpan ?? node.span) : undefined;
  const selection = span ? new vscode.Selection(document.positionAt(span.start), document.positionAt(span.end)) : undefined;
  await vscode.window.showTextDocument(document, selection ? { selection } : {});
  if (!node) void vscode.window.showInformationMessage(`The flow file has changed since the run: node ${item.node.ref ?? item.node.path} is not where it was.`);
}

/** The run commands' handlers, by command id. */
export function runCommandHandlers(services: Services): CommandHandlers {
  const run = async (argument: unknown, inputs?: unknown): Promise<RunOutcome | undefined> => {
    const document = await flowDocument(argument);
    if (!document) return undefined;
    return runDocument(document, services, isRunInputs(inputs) ? { inputs } : undefined);
  };
  return {
    'releaseFlow.run': run,
    // The server's code lens command: the same as Run Release Flow.
    'releaseFlow.runLocally': run,
    'releaseFlow.rerun': async (item: unknown) => {
      if (!(item instanceof RunItem)) return undefined;
      return runDocument(await vscode.workspace.openTextDocument(item.flowUri), services, { record: await item.record() });
    },
    'releaseFlow.abortRun': (argument: unknown) => abort(argument, services),
    'releaseFlow.approve': (argument: unknown) => decideApproval(argument, 'approve', services),
    'releaseFlow.reject': (argument: unknown) => decideApproval(argument, 'reject', services),
    'releaseFlow.rollback': (argument: unknown) => rollback(argument, services),
    'releaseFlow.showRuns': async () => {
      await vscode.commands.executeCommand('releaseFlow.runs.focus');
      services.runsView.refresh();
    },
    'releaseFlow.refreshRuns': () => services.runsView.refresh(),
    'releaseFlow.showLog': () => services.log.show(),
    'releaseFlow.openRun': async (item: unknown) => {
      if (!(item instanceof RunItem)) return;
      const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(await item.record(), null, 2) });
      await vscode.window.showTextDocument(document, { preview: true });
    },
    'releaseFlow.revealNode': revealNode,
  };
}
