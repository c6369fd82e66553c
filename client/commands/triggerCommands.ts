/**
 * Pause Triggers, Resume Triggers and Run with Git Trigger Simulation: the
 * core functions of `release-flow pause|resume|simulate` (core/triggers/),
 * with the event picked in the editor instead of named on a command line.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitHistory } from '../../core/git/history';
import { parseFlow } from '../../core/document/parse';
import { GitError } from '../../core/git/repository';
import { evaluateTriggers, filePaused, firedTriggerValues } from '../../core/triggers/evaluate';
import { describeEvent, type GitEvent } from '../../core/git/events';
import { explainText } from '../../core/triggers/explain';
import { readPauseState, setPaused } from '../../core/triggers/pause';
import type { CommandHandlers, Services } from '../services';
import { gitChoices } from './gitChoices';
import { flowDocument, reportOutcome } from './runCommands';
import type { FlowContext } from '../flowContext';

const RANGE = /^[^-\s][^\s]*$/;

interface EventItem extends vscode.QuickPickItem {
  event: 'unpushed' | 'last' | 'range' | 'pr';
}

/** Asks which Git event to simulate and reads it from the repository's history. */
async function pickEvent(context: FlowContext, history: GitHistory): Promise<GitEvent | undefined> {
  const items: EventItem[] = [
    { label: '$(repo-push) Push', description: 'the commits of this branch not yet on its upstream', event: 'unpushed' },
    { label: '$(git-commit) Push of the last commit', description: 'HEAD alone', event: 'last' },
    { label: '$(diff) Push of a range…', description: 'A..B: the commits B adds to A', event: 'range' },
    { label: '$(git-pull-request) Pull request…', description: 'a PR from a branch into the default branch', event: 'pr' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Simulate which Git event?', ignoreFocusOut: true });
  if (!picked) return undefined;
  switch (picked.event) {
    case 'unpushed':
      return history.pushEvent();
    case 'last':
      return history.pushEvent({ range: 'HEAD' });
    case 'range': {
      const range = await vscode.window.showInputBox({
        title: 'Push range', prompt: 'A..B (commits, branches or tags): the push of the commits B adds to A', value: 'HEAD~1..HEAD', ignoreFocusOut: true,
        validateInput: (v) => (RANGE.test(v.trim()) ? undefined : 'A range such as main~3..main, or one commit'),
      });
      return range === undefined ? undefined : history.pushEvent({ range: range.trim() });
    }
    case 'pr': {
      const choices = gitChoices(context);
      const head = await choices.pickBranch('Pull request: head branch', 'The branch the pull request comes from');
      if (head === undefined) return undefined;
      const base = (await history.defaultBranch()) ?? undefined;
      const kind = await vscode.window.showQuickPick(['Ready for review', 'Draft'], { title: `Pull request '${head}' into '${base ?? 'the default branch'}'`, ignoreFocusOut: true });
      if (kind === undefined) return undefined;
      const number = await vscode.window.showInputBox({ title: 'Pull request number', prompt: 'Optional: ${refs.<trigger>.pullRequestId}', value: '1', validateInput: (v) => (v === '' || /^\d+$/.test(v) ? undefined : 'A number, or empty'), ignoreFocusOut: true });
      if (number === undefined) return undefined;
      return history.pullRequestEvent({ head, base, draft: kind === 'Draft', pullRequestId: number === '' ? undefined : Number(number) });
    }
  }
}

async function simulate(argument: unknown, services: Services): Promise<void> {
  const document = await flowDocument(argument);
  if (!document) return;
  const context = await services.contexts.resolve(document.uri);
  const name = path.basename(context.flowFile);
  if (!context.git) {
    void vscode.window.showWarningMessage(`${name} is not in a Git repository: Git triggers are evaluated against the history of the repository that holds the flow.`);
    return;
  }
  const history = new GitHistory(context.root);
  try {
    const event = await pickEvent(context, history);
    if (!event) return;
    const model = parseFlow(document.getText());
    const pause = await readPauseState(context.store.folder, context.flowKey, filePaused(model));
    const evaluation = evaluateTriggers(model, event, { remotes: await history.remotes(), pause });
    services.log.info(`${name}: trigger simulation\n${explainText(evaluation)}`);
    if (!evaluation.wouldRun) {
      const choice = await vscode.window.showInformationMessage(`${name}: ${evaluation.verdict}`, 'Show Details');
      if (choice) services.log.show();
      return;
    }
    const fired = evaluation.fired.map((f) => `'${f}'`).join(', ');
    const outcome = await services.runs.run(context, {
      flowText: document.getText(),
      triggers: firedTriggerValues(evaluation),
      notes: [`Started by Git ${evaluation.fired.length === 1 ? 'trigger' : 'triggers'} ${fired} on the simulated ${describeEvent(event)}.`],
    }, 'git-trigger');
    reportOutcome(outcome, context.flowFile, services);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    void vscode.window.showErrorMessage(`${name}: ${error.message}`);
  }
}

async function setPause(argument: unknown, paused: boolean, services: Services): Promise<void> {
  const document = await flowDocument(argument);
  if (!document) return;
  const context = await services.contexts.resolve(document.uri);
  const state = await setPaused(context.store.folder, context.flowKey, paused, filePaused(parseFlow(document.getText())));
  const name = path.basename(context.flowFile);
  services.log.info(`${name}: ${state.summary}`);
  await services.statusBar.refresh();
  void vscode.window.showInformationMessage(
    paused
      ? `Paused the triggers of ${name}: new commits and the webhook start no run; Run Release Flow still works.`
      : `Resumed the triggers of ${name}${state.filePaused ? ' locally (the file says options.paused: true; the local choice wins here)' : ''}.`,
  );
}

/** The trigger commands' handlers, by command id. */
export function triggerCommandHandlers(services: Services): CommandHandlers {
  return {
    'releaseFlow.simulateTrigger': (argument: unknown) => simulate(argument, services),
    'releaseFlow.pauseTriggers': (argument: unknown) => setPause(argument, true, services),
    'releaseFlow.resumeTriggers': (argument: unknown) => setPause(argument, false, services),
  };
}
