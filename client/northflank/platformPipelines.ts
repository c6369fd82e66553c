/**
 * `releaseFlow.northflank.checkResources`: the pipeline checks
 * (`pipeline-target`, `pipeline-origin`) and the resource ids completion use
 * the real pipeline's resources (get pipeline's `nfObjects`), read once per
 * pipeline and kept until "Refresh Pipeline from Northflank" (or a sign-in,
 * a new link). The language server gets them with a notification per flow
 * document; it has no token and makes no request itself. Offline, signed
 * out or not linked, nothing is sent: the local description is used as
 * before, and an info line (once) says why, so no false error appears.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GetPipelineResult } from '@northflank/js-client';
import { PLATFORM_PIPELINE_NOTIFICATION, type PlatformPipelineParams } from '../../core/language/protocol';
import type { PlatformTarget } from '../../core/northflank/target';
import { LANGUAGE_ID } from '../detection';
import type { FlowLanguageClient } from '../languageClient';
import type { RunLog } from '../runs/runLog';
import { pipelineFromPlatform } from '../../core/northflank/target';
import { targetIfLinked } from './flowTarget';
import type { Northflank } from './northflank';

const keyOf = (target: PlatformTarget): string => [target.team ?? '', target.project, target.pipeline].join('\u0000');

export class PlatformPipelines implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<Pick<GetPipelineResult, 'name' | 'nfObjects'>>>();
  /** Documents the server was given a platform pipeline for (so that it can be taken back), with what was sent. */
  private readonly sent = new Map<string, string>();
  private toldLocal = false;
  /** A failed read is shown once per session; later ones go to the log only. */
  private toldFailure = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly northflank: Northflank,
    private readonly languageClient: FlowLanguageClient,
    private readonly log: RunLog,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.languageId === LANGUAGE_ID) void this.update(d);
      }),
      northflank.onDidChange(() => this.updateAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('releaseFlow.northflank.checkResources')) this.updateAll();
      }),
    );
    this.updateAll();
  }

  private updateAll(): void {
    for (const d of vscode.workspace.textDocuments) if (d.languageId === LANGUAGE_ID) void this.update(d);
  }

  /** Reads the pipeline of the flow (or of every open flow) again. */
  async refresh(document?: vscode.TextDocument): Promise<void> {
    this.cache.clear();
    if (document) await this.update(document, true);
    else this.updateAll();
  }

  private local(document: vscode.TextDocument, why: string, always = false): void {
    const uri = document.uri.toString();
    if (this.sent.delete(uri)) void this.languageClient.notify(PLATFORM_PIPELINE_NOTIFICATION, { uri } satisfies PlatformPipelineParams);
    if (!this.toldLocal || always) {
      this.toldLocal = true;
      this.log.info(`Northflank: pipeline checks use the local pipeline description: ${why}.`);
      if (always) void vscode.window.showInformationMessage(`Pipeline checks of ${path.basename(document.uri.fsPath)} use the local description: ${why}.`);
    }
  }

  private async update(document: vscode.TextDocument, told = false): Promise<void> {
    if (document.uri.scheme !== 'file') return;
    if (vscode.workspace.getConfiguration('releaseFlow', document.uri).get('northflank.checkResources') === false) return this.local(document, 'releaseFlow.northflank.checkResources is off', told);
    const connected = await this.northflank.connection.client();
    if (!connected) return this.local(document, 'not signed in to Northflank', told);
    const flow = await targetIfLinked(document.uri.fsPath, document.getText()).catch(() => undefined);
    if (!flow) return this.local(document, `${path.basename(document.uri.fsPath)} is not linked to a Northflank pipeline`, told);
    const key = keyOf(flow.target);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = connected.client.getPipeline(flow.target);
      this.cache.set(key, pending);
      // A failure (offline, 404) is not kept: the next open or refresh asks again.
      pending.catch(() => this.cache.delete(key));
    }
    let result: Pick<GetPipelineResult, 'name' | 'nfObjects'>;
    try {
      result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Northflank: reading pipeline ${flow.target.pipeline}…` }, () => pending as Promise<Pick<GetPipelineResult, 'name' | 'nfObjects'>>);
    } catch (error) {
      const first = !this.toldFailure;
      this.toldFailure = true;
      if (!first) this.toldLocal = false;
      return this.local(document, `the pipeline could not be read (${(error as Error).message.replace(/\s+/g, ' ')})`, first || told);
    }
    const pipeline = pipelineFromPlatform(result, flow.target.stage, flow.linkKey);
    const params: PlatformPipelineParams = { uri: document.uri.toString(), pipeline, source: `Northflank ${flow.target.project}/${flow.target.pipeline}` };
    const sent = JSON.stringify(params);
    if (this.sent.get(params.uri) === sent && !told) return;
    this.sent.set(params.uri, sent);
    await this.languageClient.notify(PLATFORM_PIPELINE_NOTIFICATION, params);
    this.log.info(`Northflank: pipeline checks of ${path.basename(document.uri.fsPath)} use ${flow.target.pipeline} on the platform (${(result.nfObjects ?? []).length} resources).`);
    if (told) void vscode.window.showInformationMessage(`Pipeline checks of ${path.basename(document.uri.fsPath)} now use ${flow.target.pipeline} as it is on Northflank.`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
