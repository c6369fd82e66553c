/**
 * The workspace the integration suite (suite/*.itest.ts) runs in, wherever it
 * runs (a downloaded VS Code, or code-server inside npm test): a temporary Git
 * repository holding a copy of examples/, with origin pointing at the flow's
 * repoUrl, and workspace settings that make simulated runs quick.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.join(__dirname, '../../..');
/** The suite's entry point (its `run()`), as VS Code's extensionTestsPath. */
export const SUITE = path.join(__dirname, 'suite', 'index');
/** Tells the suite where its workspace is (the extension host's environment). */
export const WORKSPACE_VARIABLE = 'RELEASE_FLOW_IT_WORKSPACE';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

/** A fresh temporary folder holding the workspace (`folder/shop`); remove `folder` when done. */
export async function makeIntegrationWorkspace(): Promise<{ folder: string; workspace: string }> {
  const folder = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-it-')));
  const workspace = path.join(folder, 'shop');
  await fs.cp(path.join(repoRoot, 'examples'), path.join(workspace, 'examples'), { recursive: true });
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'config', 'user.name', 'Integration Tests');
  git(workspace, 'config', 'user.email', 'it@example.com');
  git(workspace, 'config', 'commit.gpgsign', 'false');
  git(workspace, 'remote', 'add', 'origin', 'https://github.com/example-org/shop');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'initial');
  await fs.mkdir(path.join(workspace, '.vscode'));
  await fs.writeFile(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
    'releaseFlow.run.durations': { default: '50ms', request: '10ms' },
    'releaseFlow.gitops.push': 'never',
    'releaseFlow.autoRun.onCommit': false,
  }));
  return { folder, workspace };
}
