/**
 * The platform's version of a flow as a read-only virtual document
 * (`release-flow-platform:` URIs), for VS Code's diff editor: Compare with
 * Platform puts the text here and opens it beside the file.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PlatformTarget } from '../../core/northflank/target';

export const PLATFORM_SCHEME = 'release-flow-platform';

export class PlatformDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  /** The flow file each platform version was compared with: commands run from the diff editor's platform side act on it. */
  private readonly files = new Map<string, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PLATFORM_SCHEME, this);
  }

  /** The URI of the platform's version of `flowFile` on `target`: the file's name, so that the diff editor gives it the same language. */
  uriOf(flowFile: string, target: PlatformTarget): vscode.Uri {
    const where = [target.team, target.project, target.pipeline, target.stage].filter((part): part is string => part !== undefined).map(encodeURIComponent).join('/');
    return vscode.Uri.from({ scheme: PLATFORM_SCHEME, path: `/${where}/${path.basename(flowFile)}` });
  }

  set(uri: vscode.Uri, text: string, file: vscode.Uri): void {
    this.texts.set(uri.toString(), text);
    this.files.set(uri.toString(), file);
    this.changed.fire(uri);
  }

  fileOf(uri: vscode.Uri): vscode.Uri | undefined {
    return this.files.get(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// The platform\'s version is no longer loaded: run Compare with Platform again.\n';
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
