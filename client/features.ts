/**
 * Everything the extension does beyond recognising flows, bundled apart
 * (dist/features.js) and loaded by the entry point the first time it is
 * needed: a flow document open, a command run, the Runs view shown, or a
 * workspace with flows to watch for commits. Wires the features together;
 * each lives in its own file.
 */
import * as vscode from 'vscode';
import { AutoRun } from './autoRun';
import { flowDocument, runCommandHandlers } from './commands/runCommands';
import { triggerCommandHandlers } from './commands/triggerCommands';
import { webhookCommandHandlers, Webhooks } from './commands/webhookCommands';
import { FlowContexts } from './flowContext';
import { commitFlowCommand, type CommitInputs } from './gitops/commitCommand';
import { FlowLanguageClient } from './languageClient';
import { PreviewPanels } from './preview/previewPanel';
import { RunController } from './runs/runController';
import { RunLog } from './runs/runLog';
import { RunsView } from './runs/runsView';
import type { CommandHandlers, Services } from './services';
import { readSettings } from './settings';
import { FlowStatusBar } from './statusBar';

export interface Features extends vscode.Disposable {
  services: Services;
  runsView: RunsView;
  /** Runs a contributed command's implementation. */
  execute(command: string, args: unknown[]): Promise<unknown>;
  /** Stops runs, webhooks and watchers so that their records say "aborted", and the language server. */
  stop(): Promise<void>;
}

export function startFeatures(context: vscode.ExtensionContext): Features {
  const contexts = new FlowContexts();
  const runs = new RunController();
  const log = new RunLog(runs);
  const runsView = new RunsView(contexts, runs);
  const statusBar = new FlowStatusBar(contexts, runs);
  const previews = new PreviewPanels(context.extensionUri, runs);
  const languageClient = new FlowLanguageClient(context.extensionUri, log.channel);
  const services: Services = { contexts, runs, log, runsView, statusBar, previews, languageClient };
  const webhooks = new Webhooks(services);
  const autoRun = new AutoRun(services);
  const disposables: vscode.Disposable[] = [runs, log, runsView, statusBar, previews, languageClient, webhooks, autoRun, statusBar.followEnvironments(languageClient.onEnvironment)];
  for (const problem of readSettings().problems) log.warn(problem);
  // Finding the workspace's flows reads the disk: after the features are up.
  setTimeout(() => void autoRun.sync(), 0);

  const handlers: CommandHandlers = {
    'releaseFlow.openPreview': async (argument: unknown) => {
      const document = await flowDocument(argument);
      if (document) previews.show(document);
    },
    'releaseFlow.commit': (argument: unknown, inputs?: CommitInputs) => commitFlowCommand(argument, services, typeof inputs === 'object' && inputs !== null ? inputs : {}),
    ...runCommandHandlers(services),
    ...triggerCommandHandlers(services),
    ...webhookCommandHandlers(webhooks),
  };

  return {
    services,
    runsView,
    async execute(command, args) {
      const handler = handlers[command] as ((...a: unknown[]) => unknown) | undefined;
      if (!handler) throw new Error(`Release Flow has no command ${command}.`);
      try {
        return await handler(...args);
      } catch (error) {
        // A bug or an unexpected failure: said once, logged with its stack, never swallowed.
        log.error(`${command} failed: ${(error as Error).stack ?? String(error)}`);
        void vscode.window.showErrorMessage(`Release Flow: ${(error as Error).message}`);
        return undefined;
      }
    },
    async stop() {
      await Promise.allSettled([runs.stop(), webhooks.closeAll(), autoRun.close(), languageClient.stop()]);
    },
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
