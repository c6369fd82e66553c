/**
 * `npm run test:integration`: the extension's integration tests in a VS Code
 * downloaded by @vscode/test-electron (1.100.3, the version the manifest and
 * the e2e tests' code-server use), with this repository as the extension under
 * development and a temporary Git repository holding a copy of examples/ as
 * the workspace. The download needs Microsoft's update servers: run these on a
 * machine that reaches them (CI here cannot; it runs the e2e tests in
 * code-server instead). On Linux without a display, run under xvfb-run.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repoRoot = path.join(__dirname, '../../..');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

async function main(): Promise<void> {
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
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(folder, 'user-data')],
      extensionTestsEnv: { RELEASE_FLOW_IT_WORKSPACE: workspace },
    });
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error('The integration tests need to download VS Code (https://update.code.visualstudio.com); where that is not possible, the e2e tests (npm test) cover the extension in code-server.');
  process.exit(1);
});
