/**
 * Integration tests in VS Code's extension host (@vscode/test-electron): the
 * extension's API surface as VS Code sees it. Every wait is on an editor
 * event (a document opened, diagnostics changed), never on a delay.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const workspace = process.env.RELEASE_FLOW_IT_WORKSPACE as string;
const FLOW = path.join(workspace, 'examples', 'release-development.json');
const EXTENSION_ID = 'release-flow-studio.release-flow-studio';

/** Resolves with the first event that passes `test`; rejects after `ms` so a missing event fails the test with a reason. */
function next<T>(event: vscode.Event<T>, test: (value: T) => boolean, what: string, ms = 30000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out waiting for ${what}.`));
    }, ms);
    const subscription = event((value) => {
      if (!test(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** The document's diagnostics once they satisfy `test` (now, or at a later change). */
async function diagnostics(uri: vscode.Uri, test: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (test(current)) return current;
  await next(vscode.languages.onDidChangeDiagnostics, (e) => e.uris.some((u) => u.toString() === uri.toString()) && test(vscode.languages.getDiagnostics(uri)), what);
  return vscode.languages.getDiagnostics(uri);
}

const code = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();
}

describe('integration: the extension in VS Code', () => {
  let document: vscode.TextDocument;

  before(async () => {
    document = await vscode.workspace.openTextDocument(FLOW);
    await vscode.window.showTextDocument(document);
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  it('gives flows named release-*.json their language and activates', () => {
    assert.equal(document.languageId, 'release-flow');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('recognises a flow by its content, and leaves other JSON alone', async () => {
    const flowFile = path.join(workspace, 'flows', 'shop.json');
    await fs.mkdir(path.dirname(flowFile), { recursive: true });
    await fs.writeFile(flowFile, await fs.readFile(FLOW, 'utf8'));
    const switched = next(vscode.workspace.onDidOpenTextDocument, (d) => d.uri.fsPath === flowFile && d.languageId === 'release-flow', 'the flow to switch language');
    await vscode.workspace.openTextDocument(flowFile);
    await switched;
    const pipeline = await vscode.workspace.openTextDocument(path.join(workspace, 'examples', '.northflank', 'pipeline.json'));
    assert.equal(pipeline.languageId, 'json');
  });

  it('publishes the diagnostic of a broken ref, with its code', async () => {
    const edit = new vscode.WorkspaceEdit();
    const at = document.getText().indexOf('refs.build.id');
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 'refs.build.id'.length)), 'refs.biuld.id');
    await vscode.workspace.applyEdit(edit);
    const found = await diagnostics(document.uri, (d) => d.some((x) => code(x) === 'unknown-ref'), 'the unknown-ref diagnostic');
    const broken = found.find((d) => code(d) === 'unknown-ref');
    assert.match(broken?.message ?? '', /biuld/);
    assert.equal(broken?.severity, vscode.DiagnosticSeverity.Error);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await diagnostics(document.uri, (d) => !d.some((x) => code(x) === 'unknown-ref'), 'the diagnostic to clear');
  });

  it('completes refs inside ${refs.', async () => {
    const text = document.getText();
    const offset = text.indexOf('${refs.build.id}') + '${refs.'.length;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, document.positionAt(offset), '.');
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('build'), labels.join(', '));
  });

  it('runs the flow and records the run', async () => {
    const outcome = await vscode.commands.executeCommand<{ result: string; status?: string; record?: { id: string; nodes: { status: string }[] } }>(
      'releaseFlow.run', document.uri, { name: 'Integration run' },
    );
    assert.equal(outcome?.result, 'finished');
    assert.equal(outcome?.status, 'success');
    assert.ok(outcome?.record?.nodes.every((n) => n.status === 'success'));
    const stored = JSON.parse(await fs.readFile(path.join(workspace, '.release-flow', 'runs', `${outcome?.record?.id}.json`), 'utf8')) as { name: string };
    assert.equal(stored.name, 'Integration run');
  });

  it('pauses and resumes the triggers', async () => {
    const state = async (): Promise<boolean | undefined> =>
      (JSON.parse(await fs.readFile(path.join(workspace, '.release-flow', 'triggers.json'), 'utf8')) as { flows: Record<string, { paused: boolean }> }).flows['/examples/release-development.json']?.paused;
    await vscode.commands.executeCommand('releaseFlow.pauseTriggers', document.uri);
    assert.equal(await state(), true);
    await vscode.commands.executeCommand('releaseFlow.resumeTriggers', document.uri);
    assert.equal(await state(), false);
  });

  it('commits the flow file alone through GitOps', async () => {
    await fs.writeFile(path.join(workspace, 'notes.txt'), 'staged\n');
    git('add', 'notes.txt');
    const edit = new vscode.WorkspaceEdit();
    const at = document.getText().indexOf('"reuseExistingBuilds": true');
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + '"reuseExistingBuilds": true'.length)), '"reuseExistingBuilds": false');
    await vscode.workspace.applyEdit(edit);
    // The subject is given (the command would otherwise ask for it in an input box); the body is the proposed one.
    const sha = await vscode.commands.executeCommand<string | undefined>('releaseFlow.commit', document.uri, { acceptWarnings: true, message: 'Integration commit' });
    assert.equal(sha, git('rev-parse', 'HEAD'));
    assert.equal(git('show', '--name-only', '--format=', 'HEAD'), 'examples/release-development.json');
    assert.equal(git('log', '-1', '--format=%B'), "Integration commit\n\n- Changed Build 'build'");
    assert.equal(git('diff', '--cached', '--name-only'), 'notes.txt');
  });

  it('opens the preview panel', async () => {
    const opened = next(vscode.window.tabGroups.onDidChangeTabs, (e) => e.opened.some((t) => t.label.startsWith('Preview release-development.json')), 'the preview tab');
    await vscode.commands.executeCommand('releaseFlow.openPreview', document.uri.toString());
    await opened;
  });
});
