/**
 * Start / Stop Webhook: the flow's webhook as `release-flow webhook` serves
 * it (core/webhook/server.ts, 127.0.0.1 only), one per flow, for as long as
 * the window is open or until stopped. Starting copies the URL to the
 * clipboard; requests are logged with the token masked, and the runs they
 * start appear like any other.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseFlow } from '../../core/document/parse';
import { filePaused } from '../../core/triggers/evaluate';
import { readPauseState } from '../../core/triggers/pause';
import { appendWebhookLog, startWebhookServer, type WebhookLogEntry, type WebhookServer } from '../../core/webhook/server';
import { webhookToken } from '../../core/webhook/tokens';
import { flowUriOf, runEnvironment } from '../flowContext';
import type { CommandHandlers, Services } from '../services';
import { readSettings } from '../settings';
import { flowDocument } from './runCommands';

export class Webhooks implements vscode.Disposable {
  private readonly servers = new Map<string, WebhookServer>();
  private readonly item = vscode.window.createStatusBarItem('releaseFlow.webhook', vscode.StatusBarAlignment.Left, 48);

  constructor(private readonly services: Services) {
    this.item.name = 'Release Flow: webhook';
    this.item.command = 'releaseFlow.stopWebhook';
  }

  async start(argument: unknown): Promise<void> {
    const document = await flowDocument(argument);
    if (!document) return;
    const context = await this.services.contexts.resolve(document.uri);
    const name = path.basename(context.flowFile);
    const running = this.servers.get(context.flowFile);
    if (running) {
      await vscode.env.clipboard.writeText(running.url);
      void vscode.window.showInformationMessage(`The webhook of ${name} is already listening; its URL is copied to the clipboard.`);
      return;
    }
    const folder = context.store.folder;
    const { token, created } = await webhookToken(folder, context.flowKey);
    let logging = Promise.resolve();
    const log = (entry: WebhookLogEntry): void => {
      this.services.log.info(`${name}: webhook ${entry.method} ${entry.path} → ${entry.status}${entry.runId ? ` run ${entry.runId.slice(0, 8)}` : ''}${entry.message ? ` (${entry.message})` : ''}`);
      logging = logging.then(() => appendWebhookLog(folder, entry)).catch((error: Error) => this.services.log.warn(`Cannot write webhook.log: ${error.message}`));
    };
    const runDefaults: Parameters<typeof startWebhookServer>[0]['runDefaults'] = {};
    if (context.pipeline) runDefaults.pipeline = context.pipeline;
    if (context.scenario) {
      runDefaults.scenario = context.scenario.scenario;
      runDefaults.scenarioInfo = context.scenario.info;
    }
    const port = readSettings(document.uri).settings.webhookPort;
    let server: WebhookServer;
    try {
      server = await startWebhookServer({
        flowFile: context.flowFile, token, port, env: runEnvironment(context), runDefaults, log,
        pause: async () => readPauseState(folder, context.flowKey, filePaused(parseFlow(await fs.readFile(context.flowFile, 'utf8').catch(() => '')))),
        onRunEvent: this.services.runs.listener(context.flowFile, 'webhook'),
      });
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot start the webhook of ${name} on 127.0.0.1:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Change releaseFlow.webhook.port, or use 0 for any free port.`);
      return;
    }
    this.servers.set(context.flowFile, server);
    this.showItem();
    await vscode.env.clipboard.writeText(server.url);
    this.services.log.info(`${name}: webhook listening${created ? ' (new token)' : ''} on 127.0.0.1:${server.port}. Example: curl -X POST '<url>?name=webhook-run'`);
    void vscode.window.showInformationMessage(`Webhook of ${name} listening on 127.0.0.1:${server.port}; its URL (with its secret token) is copied to the clipboard.`);
  }

  async stop(argument: unknown): Promise<void> {
    if (this.servers.size === 0) {
      void vscode.window.showInformationMessage('No webhook is listening.');
      return;
    }
    const uri = flowUriOf(argument);
    let flowFile = uri && this.servers.has(uri.fsPath) ? uri.fsPath : undefined;
    if (flowFile === undefined) {
      flowFile = this.servers.size === 1
        ? [...this.servers.keys()][0]
        : (await vscode.window.showQuickPick([...this.servers].map(([file, s]) => ({ label: path.basename(file), description: `127.0.0.1:${s.port}`, file })), { title: 'Stop which webhook?' }))?.file;
    }
    const server = flowFile === undefined ? undefined : this.servers.get(flowFile);
    if (!server || flowFile === undefined) return;
    this.servers.delete(flowFile);
    this.showItem();
    // Runs the webhook started are aborted and recorded as such.
    await server.close();
    void vscode.window.showInformationMessage(`Stopped the webhook of ${path.basename(flowFile)}.`);
  }

  private showItem(): void {
    void vscode.commands.executeCommand('setContext', 'releaseFlow.webhookActive', this.servers.size > 0);
    if (this.servers.size === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(radio-tower) Webhook${this.servers.size > 1 ? `s: ${this.servers.size}` : ` :${[...this.servers.values()][0]?.port}`}`;
    this.item.tooltip = `Listening on 127.0.0.1 for ${[...this.servers.keys()].map((f) => path.basename(f)).join(', ')}. Click to stop.`;
    this.item.show();
  }

  async closeAll(): Promise<void> {
    const servers = [...this.servers.values()];
    this.servers.clear();
    await Promise.allSettled(servers.map((s) => s.close()));
  }

  dispose(): void {
    void this.closeAll();
    this.item.dispose();
  }
}

/** The webhook commands' handlers, by command id. */
export function webhookCommandHandlers(webhooks: Webhooks): CommandHandlers {
  return {
    'releaseFlow.startWebhook': (argument: unknown) => webhooks.start(argument),
    'releaseFlow.stopWebhook': (argument: unknown) => webhooks.stop(argument),
  };
}
