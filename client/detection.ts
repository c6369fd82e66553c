/**
 * Which documents are release flows. Names that follow the platform's
 * conventions (`release-*.json`, `release/*.json`) get the `release-flow`
 * language from the manifest's filenamePatterns, at no cost. Any other JSON
 * document (`.northflank/**` files, flows named otherwise) is looked at once
 * when it opens: core/flowDetect.ts turns non-flows away with two substring
 * searches, and a flow is switched to the `release-flow` language.
 *
 * A document the user switched back to JSON by hand is left alone.
 */
import * as vscode from 'vscode';
import { isReleaseFlowText } from '../core/document/flowDetect';

export const LANGUAGE_ID = 'release-flow';

export class FlowDetection implements vscode.Disposable {
  /** Documents open and already looked at: each is judged once while it is open. */
  private readonly seen = new Set<string>();
  /** Documents switched to the flow language: never switched again this session, should the user switch them back. */
  private readonly switched = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => void this.consider(d)),
      // A file reopened later may have become a flow meanwhile.
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (!this.switched.has(d.uri.toString())) this.seen.delete(d.uri.toString());
      }),
    ];
    for (const document of vscode.workspace.textDocuments) void this.consider(document);
  }

  private async consider(document: vscode.TextDocument): Promise<void> {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return;
    const key = document.uri.toString();
    if (this.seen.has(key) || this.switched.has(key)) return;
    this.seen.add(key);
    if (!isReleaseFlowText(document.getText())) return;
    this.switched.add(key);
    try {
      await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    } catch {
      // Closed meanwhile: nothing to switch.
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
