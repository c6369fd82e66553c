/**
 * `npm run test:integration`: the extension's integration tests in a VS Code
 * downloaded by @vscode/test-electron (1.100.3, the version the manifest and
 * the e2e tests' code-server use), with this repository as the extension under
 * development. The download needs Microsoft's update servers: run these on a
 * machine that reaches them. `npm test` runs the same suite in code-server
 * (test/e2e/integration.test.ts), which needs no download. On Linux without a
 * display, run under xvfb-run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { makeIntegrationWorkspace, repoRoot, SUITE, WORKSPACE_VARIABLE } from './workspace';

async function main(): Promise<void> {
  const { folder, workspace } = await makeIntegrationWorkspace();
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: SUITE,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(folder, 'user-data')],
      extensionTestsEnv: { [WORKSPACE_VARIABLE]: workspace },
    });
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error('The integration tests need to download VS Code (https://update.code.visualstudio.com); where that is not possible, npm test runs the same suite in code-server.');
  process.exit(1);
});
