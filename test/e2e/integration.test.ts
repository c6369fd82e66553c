/**
 * The @vscode/test-electron suite (test/integration/suite) in code-server's
 * real VS Code 1.100.3, with no download: the workbench is opened with a
 * `payload` URL parameter carrying extensionDevelopmentPath (this repository)
 * and extensionTestsPath (the suite's entry point) as vscode-remote URIs, as
 * VS Code's own browser integration tests do. code-server's extension host
 * loads the extension under development, runs the suite with mocha, and the
 * page reports its exit code through `window.codeAutomationExit`. The suite's
 * output (mocha's spec reporter) reaches the page's console.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ConsoleMessage } from 'playwright-core';
import { makeIntegrationWorkspace, repoRoot, SUITE, WORKSPACE_VARIABLE } from '../integration/workspace';
import { launchChromium, requireChromium } from '../webview/browser';
import { makeProfile, requireCodeServer, startCodeServer } from './codeServer';

const RESULT_TIMEOUT_MS = 240000;

/** A console message as the extension host meant it: `%s`/`%d` filled in, `%c` styles and colours dropped. */
async function consoleLine(message: ConsoleMessage): Promise<string> {
  const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '') as Promise<unknown>));
  if (values.length === 0) return message.text();
  // eslint-disable-next-line no-control-regex
  return printf(values).replace(/\u001b\[[0-9;]*m/g, '').replace(/^ ?(INFO|ERR|WARN) /, '');
}

/** console.log's formatting: the first argument's directives take the next arguments; what is left is formatted the same way. */
function printf(values: unknown[]): string {
  const [format, ...rest] = values;
  if (typeof format !== 'string') return values.map(String).join(' ');
  const line = format.replace(/%[csdifoO]/g, (directive) => {
    const value = rest.shift();
    return directive === '%c' ? '' : String(value);
  });
  return rest.length > 0 ? `${line} ${printf(rest)}` : line;
}

describe('e2e: the integration suite (test/integration) in code-server', function () {
  this.timeout(RESULT_TIMEOUT_MS + 60000);

  it('runs every integration test in the extension host, and they pass', async function () {
    requireChromium(this);
    requireCodeServer(this);
    const { folder, workspace } = await makeIntegrationWorkspace();
    const profile = await makeProfile(folder, undefined, {});
    const server = await startCodeServer(profile, workspace, { [WORKSPACE_VARIABLE]: workspace });
    const browser = await launchChromium();
    const output: string[] = [];
    try {
      const page = await browser.newPage();
      // What the extension host prints reaches the page's console as printf-style arguments.
      const printed: Promise<void>[] = [];
      page.on('console', (message: ConsoleMessage) => {
        printed.push(consoleLine(message).then((line) => void output.push(line)));
      });
      const exited = new Promise<number>((resolve) => {
        void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
      });
      const authority = new URL(server.url).host;
      const remote = (file: string): string => `vscode-remote://${authority}${file}`;
      const payload = [
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(SUITE)],
        ['skipWelcome', 'true'],
      ];
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      // The timer is cleared once the suite has answered: left running, it would hold mocha's exit until it fires.
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`No result from the extension host within ${RESULT_TIMEOUT_MS / 1000} s.`)), RESULT_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      await Promise.all(printed);
      const report = output.filter((line) => /passing|failing|pending|✔|^\s+\d+\) /.test(line)).join('\n');
      if (process.env.RELEASE_FLOW_E2E_LOG) console.log(report);
      assert.equal(code, 0, `the suite failed (exit ${code}):\n${output.join('\n')}\n\ncode-server:\n${server.output()}`);
      // Every test of the suite ran, not just some: as many passing as `it(` calls in its source, none pending.
      const source = await fs.readFile(path.join(repoRoot, 'test/integration/suite/extension.itest.ts'), 'utf8');
      const declared = (source.match(/^\s*it\(/gm) ?? []).length;
      assert.ok(declared > 0);
      assert.match(report, new RegExp(`\\b${declared} passing`), `the suite ran all ${declared} of its tests:\n${report}`);
      assert.doesNotMatch(report, /\d+ pending/);
      assert.doesNotMatch(report, /[1-9]\d* failing/);
    } finally {
      if (process.env.RELEASE_FLOW_E2E_LOG) console.log(server.output());
      await browser.close();
      await server.stop();
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
