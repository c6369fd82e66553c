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
import { northflankCommandHandlers } from './northflank/commands';
import { Northflank } from './northflank/northflank';
import { NorthflankView } from './northflank/northflankView';
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
  northflankView: NorthflankView;
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
  const languageClient = new FlowLanguageClient(context.extensionUri, log.channel);
  // The preview asks Northflank for its 'platform' comparison; Northflank needs the other services: both are set up before either is used.
  const services = { contexts, runs, log, runsView, statusBar, languageClient } as Services;
  const northflank = new Northflank(context.secrets, services);
  const previews = new PreviewPanels(context.extensionUri, runs, northflank, languageClient);
  services.previews = previews;
  services.northflank = northflank;
  const northflankView = new NorthflankView(northflank, runs);
  const webhooks = new Webhooks(services);
  const autoRun = new AutoRun(services);
  const disposables: vscode.Disposable[] = [runs, log, runsView, statusBar, previews, languageClient, webhooks, autoRun, northflank, northflankView, statusBar.followEnvironments(languageClient.onEnvironment)];
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
    ...northflankCommandHandlers(northflank, northflankView),
  };

  return {
    services,
    runsView,
    northflankView,
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
      // Platform runs go on without us: they are only no longer followed.
      northflank.stop();
      await Promise.allSettled([runs.stop(), webhooks.closeAll(), autoRun.close(), languageClient.stop()]);
    },
    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
}
