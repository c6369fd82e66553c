/**
 * The status bar's word on Northflank for the active flow: connected (and
 * with which token, in the tooltip; a click opens the Northflank view), or
 * signed out when the flow is linked (a click signs in). Nothing for other
 * editors, nor for a flow that is not linked while no token is there.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../detection';
import { connectionStatus } from './credentialChoice';
import type { NorthflankConnection } from './connection';
import { targetIfLinked } from './flowTarget';

export class ConnectionStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('releaseFlow.northflank', vscode.StatusBarAlignment.Left, 48);
  private readonly disposables: vscode.Disposable[] = [];
  private ticket = 0;

  constructor(
    private readonly connection: NorthflankConnection,
    changed: vscode.Event<void>,
  ) {
    this.item.name = 'Release Flow: Northflank';
    this.disposables.push(
      this.item,
      changed(() => void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
    );
    void this.update();
  }

  async update(): Promise<void> {
    const ticket = ++this.ticket;
    const document = vscode.window.activeTextEditor?.document;
    if (document?.languageId !== LANGUAGE_ID || document.uri.scheme !== 'file') {
      this.item.hide();
      return;
    }
    const credentials = await this.connection.credentials();
    const linked = credentials ? true : (await targetIfLinked(document.uri.fsPath, document.getText()).catch(() => undefined)) !== undefined;
    // A later editor switch or sign-in has already said something newer.
    if (ticket !== this.ticket) return;
    const status = connectionStatus(credentials, linked);
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.command = status.command;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
