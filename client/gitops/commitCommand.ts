/**
 * Commit Release Flow (GitOps): saves the flow, runs core/gitops's checks
 * (secrets and errors refuse, warnings ask), proposes a message that says
 * what changed in the flow, commits the flow file alone (`git commit --only`,
 * whatever else is staged) and, as `releaseFlow.gitops.push` says, pushes to
 * the flow's gitops.branch without ever forcing.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeDiagnostic } from '../../core/gitops/checks';
import { commitPlannedFlow, planFlowCommit, planPush, pushPlannedFlow, type FlowCommitOptions, type FlowCommitPlan } from '../../core/gitops/commitFlow';
import type { PushTarget } from '../../core/git/workTreeFile';
import { GitOpsError } from '../../core/gitops/errors';
import { flowDocument } from '../commands/runCommands';
import type { Services } from '../services';
import { readSettings, type PushSetting } from '../settings';

const WARNINGS_LISTED = 8;

/** Says why nothing was committed (or pushed); does not wait for the user to answer. */
function refuse(error: GitOpsError, services: Services, name: string): void {
  services.log.warn(`${name}: ${error.message}`);
  for (const d of error.diagnostics) services.log.warn(`  ${describeDiagnostic(d)}`);
  if (error.code === 'nothing-to-commit') {
    void vscode.window.showInformationMessage(error.message);
    return;
  }
  const actions = error.diagnostics.length > 0 ? ['Show Problems'] : [];
  void vscode.window.showErrorMessage(error.message, ...actions).then((choice) => {
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

/** Asks about warnings; true to go on. */
async function acceptWarnings(plan: FlowCommitPlan, name: string): Promise<boolean> {
  const warnings = plan.checks.warnings;
  if (warnings.length === 0) return true;
  const listed = warnings.slice(0, WARNINGS_LISTED).map((d) => `• ${describeDiagnostic(d)}`);
  if (warnings.length > WARNINGS_LISTED) listed.push(`… and ${warnings.length - WARNINGS_LISTED} more (see the Problems view)`);
  const choice = await vscode.window.showWarningMessage(
    `${name} has ${warnings.length} warning${warnings.length === 1 ? '' : 's'}. Commit anyway?`,
    { modal: true, detail: listed.join('\n') },
    'Commit Anyway',
  );
  return choice === 'Commit Anyway';
}

async function push(plan: FlowCommitPlan, target: PushTarget, services: Services, name: string): Promise<void> {
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${name} to ${target.remote}/${target.branch}…` }, () => pushPlannedFlow(plan, target));
    services.log.info(`${name}: pushed to ${result.remote}/${result.branch} (${result.summary}); ${result.remote} was chosen because ${result.reason}.`);
    void vscode.window.showInformationMessage(`Pushed ${name} to ${result.remote}/${result.branch} (${result.summary}).`);
  } catch (error) {
    if (!(error instanceof GitOpsError)) throw error;
    refuse(error, services, name);
  }
}

/** Given with the command (a keybinding, a test): no questions asked. */
export interface CommitInputs {
  /** The subject line; the proposed body still follows. */
  message?: string;
  /** Commit despite warnings (errors and secrets still refuse). */
  acceptWarnings?: boolean;
}

/** Returns the new commit's sha, or undefined when nothing was committed. */
export async function commitFlowCommand(argument: unknown, services: Services, inputs: CommitInputs = {}): Promise<string | undefined> {
  const document = await flowDocument(argument);
  if (!document) return undefined;
  const name = path.basename(document.uri.fsPath);
  if (document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage(`${name} is not saved on disk: save it inside a Git repository first.`);
    return undefined;
  }
  // What is committed is what is on disk: the editor's text is saved first.
  if (document.isDirty && !(await document.save())) {
    void vscode.window.showErrorMessage(`${name} could not be saved, so it was not committed.`);
    return undefined;
  }
  const { settings } = readSettings(document.uri);
  const context = await services.contexts.resolve(document.uri);
  const options: FlowCommitOptions = { severity: settings.severity };
  if (context.pipeline) options.pipeline = context.pipeline;

  let plan: FlowCommitPlan;
  try {
    plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Checking ${name}` }, () => planFlowCommit(document.uri.fsPath, options));
  } catch (error) {
    if (!(error instanceof GitOpsError)) throw error;
    refuse(error, services, name);
    return undefined;
  }
  if (!inputs.acceptWarnings && !(await acceptWarnings(plan, name))) return undefined;

  const subject = inputs.message ?? await vscode.window.showInputBox({
    title: `Commit ${plan.repository.relativePath} on ${plan.branch}`,
    value: plan.message.subject,
    prompt: plan.message.body === '' ? 'Commit message' : `Commit message; the body lists the changes: ${plan.message.body.split('\n').map((l) => l.replace(/^- /, '')).join('; ')}`,
    validateInput: (v) => (v.trim() === '' ? 'The commit message cannot be empty.' : undefined),
    ignoreFocusOut: true,
  });
  if (subject === undefined) return undefined;

  let sha: string;
  try {
    sha = (await commitPlannedFlow(plan, subject)).sha;
  } catch (error) {
    if (!(error instanceof GitOpsError)) throw error;
    refuse(error, services, name);
    return undefined;
  }
  services.log.info(`${name}: committed ${sha.slice(0, 7)} on ${plan.branch} (${plan.repository.relativePath} alone): ${subject}`);
  await offerPush(plan, sha, settings.gitopsPush, services, name);
  return sha;
}

async function offerPush(plan: FlowCommitPlan, sha: string, setting: PushSetting, services: Services, name: string): Promise<void> {
  if (setting === 'never') {
    void vscode.window.showInformationMessage(`Committed ${name} as ${sha.slice(0, 7)} on ${plan.branch}.`);
    return;
  }
  let target: PushTarget;
  try {
    target = await planPush(plan);
  } catch (error) {
    if (!(error instanceof GitOpsError)) throw error;
    services.log.info(`${name}: not pushed: ${error.message}`);
    void vscode.window.showInformationMessage(`Committed ${name} as ${sha.slice(0, 7)} on ${plan.branch}. Not pushed: ${error.message}`);
    return;
  }
  const elsewhere = target.branch !== plan.branch ? ` (from branch '${plan.branch}': the flow syncs from '${target.branch}')` : '';
  if (setting === 'always' && elsewhere === '') {
    await push(plan, target, services, name);
    return;
  }
  const action = `Push to ${target.remote}/${target.branch}`;
  if (elsewhere === '') {
    // The offer stays in the notification centre; the command does not wait for it.
    void vscode.window.showInformationMessage(`Committed ${name} as ${sha.slice(0, 7)} on ${plan.branch}.`, action).then((choice) => {
      if (choice === action) void push(plan, target, services, name);
    });
    return;
  }
  const choice = await vscode.window.showWarningMessage(`Committed ${name} as ${sha.slice(0, 7)} on ${plan.branch}. Push it to ${target.remote}/${target.branch}${elsewhere}?`, { modal: true, detail: `Pushing moves ${target.branch} on ${target.remote} to this commit, with every commit of '${plan.branch}' it does not have yet. It is never forced: if ${target.branch} has moved on, the push is refused.` }, action);
  if (choice === action) await push(plan, target, services, name);
}
