/**
 * End to end, in a real VS Code: the packaged .vsix installed into code-server
 * 4.100.3 (VS Code 1.100.3), driven through its workbench in Debian's chromium
 * as a user would. The workspace is a temporary Git repository holding a copy
 * of examples/, with origin pointing at the flow's repoUrl so that its Git
 * trigger can fire. Screenshots go to test-artifacts/e2e/.
 *
 * The tests run in order and build on each other (one workbench, one
 * session), as a user's session does.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireChromium } from '../webview/browser';
import { git, makeProfile, packageExtension, repoRoot, requireCodeServer, startCodeServer, type CodeServer } from './codeServer';
import { Workbench } from './workbench';

const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'e2e');
const FLOW = 'examples/release-development.json';

describe('e2e: the extension in code-server', function () {
  this.timeout(120000);
  let folder: string;
  let workspace: string;
  let server: CodeServer | undefined;
  let wb: Workbench;
  let original: string;

  before(async function () {
    this.timeout(300000);
    requireChromium(this);
    requireCodeServer(this);
    folder = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-e2e-')));
    workspace = path.join(folder, 'shop');
    await fs.cp(path.join(repoRoot, 'examples'), path.join(workspace, 'examples'), { recursive: true });
    await git(workspace, 'init', '-q', '-b', 'main');
    // The commit made from the editor uses the repository's own identity.
    await git(workspace, 'config', 'user.name', 'E2E Tester');
    await git(workspace, 'config', 'user.email', 'e2e@example.com');
    await git(workspace, 'config', 'commit.gpgsign', 'false');
    await git(workspace, 'remote', 'add', 'origin', 'https://github.com/example-org/shop');
    await git(workspace, 'add', '-A');
    await git(workspace, 'commit', '-q', '-m', 'Add the shop release flows');
    const vsix = path.join(folder, 'release-flow-studio.vsix');
    await packageExtension(vsix);
    const profile = await makeProfile(folder, vsix, {
      // Short simulated durations: a run takes a few seconds, yet each status is shown.
      // A node with ref slow-step (added by the abort test) takes ten minutes.
      'releaseFlow.run.durations': { default: '100ms', request: '20ms', Build: '800ms', Release: '500ms', 'node:slow-step': '10m' },
      'releaseFlow.gitops.push': 'never',
    });
    server = await startCodeServer(profile, workspace);
    original = await fs.readFile(path.join(workspace, FLOW), 'utf8');
    await fs.rm(ARTIFACTS, { recursive: true, force: true });
    wb = await Workbench.open(server.url, workspace, ARTIFACTS);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async () => {
    await wb?.close().catch(() => undefined);
    if (server) {
      if (process.env.RELEASE_FLOW_E2E_LOG) console.log(server.output());
      await server.stop();
    }
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('activates on the flow: its language, the triggers in the status bar, the Runs view', async () => {
    await wb.openFile(FLOW);
    await wb.statusItem('Release Flow').waitFor();
    await wb.statusItem('Triggers active').waitFor();
    // The activity bar has the Runs view's container.
    await wb.page.locator('.activitybar [aria-label*="Release Flow"]').first().waitFor();
    await wb.screenshot('01-flow-opened');
  });

  it('shows the diagnostic of a broken ref, and clears it when fixed', async () => {
    await wb.setText(original.replaceAll('refs.build.id', 'refs.biuld.id'));
    await wb.cursorAfter('refs.biuld.id');
    await wb.command('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = wb.page.locator('.markers-panel .monaco-list-row').filter({ hasText: /biuld/ }).first();
    await problem.waitFor();
    assert.match(await problem.innerText(), /biuld/);
    await wb.statusBar().locator('.statusbar-item').filter({ hasText: /^\s*[1-9]\d*\s+\d+\s*$/ }).first().waitFor();
    await wb.screenshot('02-broken-ref');
    await wb.revert();
    await problem.waitFor({ state: 'detached' });
    await wb.hidePanel();
  });

  it('completes refs inside ${refs.', async () => {
    await wb.cursorAfter('"build": "${refs.build.id}"');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('"note": "${refs.');
    await wb.page.keyboard.press('Control+Space');
    const suggest = wb.page.locator('.editor-widget.suggest-widget.visible');
    await suggest.waitFor();
    await suggest.locator('.monaco-list-row').filter({ hasText: /^build/ }).first().waitFor();
    const labels = await suggest.locator('.monaco-list-row .label-name').allInnerTexts();
    assert.ok(labels.includes('build') && labels.includes('main-push'), labels.join(', '));
    await wb.screenshot('03-completion');
    await wb.page.keyboard.press('Escape');
    await wb.revert();
  });

  it('opens the preview beside the editor and draws the graph', async () => {
    await wb.hidePanel();
    await wb.command('Release Flow: Open Preview to the Side');
    const graph = wb.webview().locator('svg.rf-graph');
    await graph.waitFor({ timeout: 60000 });
    await wb.webview().locator('[data-node-id]').filter({ hasText: 'deploy-api' }).first().waitFor();
    const nodes = await wb.webview().locator('g[data-node-id]').count();
    assert.ok(nodes >= 5, `${nodes} nodes drawn`);
    // Drawn from the language server's graph (releaseFlow/graph), before the page parsed the text.
    assert.equal(await wb.webview().locator('body').getAttribute('data-first-picture'), 'host');
    await wb.screenshot('04-preview');
  });

  it('runs the flow: statuses in the Runs view and on the graph', async () => {
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Run Release Flow');
    await (await wb.quickPick('Run')).waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.notification(/Run [0-9a-f]{8} of release-development\.json succeeded/);
    await wb.webview().locator('g[data-node-id].rf-status-success').nth(4).waitFor();
    await wb.command('Release Flow: Show Runs');
    const run = wb.runsRow(/success · release-development\.json/).first();
    await run.waitFor();
    await wb.expandUntil(run, wb.runsRow(/^build/).first());
    for (const ref of ['build', 'deploy-api', 'deploy-migrate']) await wb.runsRow(new RegExp(`^${ref}`)).first().waitFor();
    const icons = await wb.page.locator('[id="workbench.view.extension.releaseFlow"] .monaco-list-row .codicon-pass').count();
    assert.ok(icons >= 4, `${icons} success icons in the Runs view`);
    await wb.screenshot('05-run-finished');
    await wb.clearNotifications();
  });

  it('pauses and resumes the triggers', async () => {
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Pause Triggers');
    await wb.statusItem('Triggers paused').waitFor();
    await wb.notification(/Paused the triggers of release-development\.json/);
    await wb.screenshot('06-triggers-paused');
    // A simulated push while paused: evaluated, and nothing runs.
    await wb.command('Release Flow: Run with Git Trigger Simulation');
    await (await wb.quickPick('Push of the last commit')).click();
    await wb.notification(/Would not run: 'main-push' fires, but the flow's triggers are paused/);
    const state = JSON.parse(await fs.readFile(path.join(workspace, '.release-flow', 'triggers.json'), 'utf8')) as { flows: Record<string, { paused: boolean }> };
    assert.equal(state.flows['/examples/release-development.json']?.paused, true);
    await wb.command('Release Flow: Resume Triggers');
    await wb.statusItem('Triggers active').waitFor();
    await wb.clearNotifications();
  });

  it('commits only the flow file through GitOps, and the new commit runs the flow', async () => {
    await fs.writeFile(path.join(workspace, 'notes.txt'), 'staged, not to be committed with the flow\n');
    await git(workspace, 'add', 'notes.txt');
    const before = await git(workspace, 'rev-parse', 'HEAD');
    await wb.openFile(FLOW);
    await wb.setText(original.replace('"reuseExistingBuilds": true', '"reuseExistingBuilds": false'));
    await wb.cursorAfter('"reuseExistingBuilds": false');
    await wb.command('Release Flow: Commit Release Flow (GitOps)');
    const input = wb.page.locator('.quick-input-widget input');
    await wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Commit examples/release-development.json on main' }).waitFor();
    assert.equal(await input.inputValue(), 'release-development: change build');
    await wb.screenshot('07-gitops-message');
    await wb.page.keyboard.press('Enter');
    await wb.notification(/Committed release-development\.json as [0-9a-f]{7} on main/);

    assert.notEqual(await git(workspace, 'rev-parse', 'HEAD'), before);
    assert.equal(await git(workspace, 'show', '--name-only', '--format=', 'HEAD'), FLOW);
    assert.equal(await git(workspace, 'log', '-1', '--format=%B'), "release-development: change build\n\n- Changed Build 'build'");
    assert.equal(await git(workspace, 'diff', '--cached', '--name-only'), 'notes.txt');
    assert.match(await git(workspace, 'show', `HEAD:${FLOW}`), /"reuseExistingBuilds": false/);

    // The commit is a push of main that fires the 'main-push' trigger: a second run, started by it.
    await wb.runsRow(/success · release-development\.json/).nth(1).waitFor({ timeout: 90000 });
    const runs = path.join(workspace, '.release-flow', 'runs');
    const records = await Promise.all((await fs.readdir(runs)).filter((f) => !f.endsWith('.summary.json')).map(async (f) => JSON.parse(await fs.readFile(path.join(runs, f), 'utf8')) as { notes: { message: string }[]; triggers: Record<string, { sha: string }> }));
    const triggered = records.find((r) => r.notes.some((n) => /Started by Git trigger 'main-push'/.test(n.message)));
    assert.ok(triggered, 'a run started by the commit');
    assert.equal(triggered.triggers['main-push']?.sha, await git(workspace, 'rev-parse', 'HEAD'));
    await wb.screenshot('08-run-on-commit');
  });

  it('simulates a Git push that fires the trigger, and runs the flow', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Run with Git Trigger Simulation');
    await (await wb.quickPick('Push of the last commit')).click();
    await wb.notification(/Run [0-9a-f]{8} of release-development\.json succeeded/);
  });

  it('aborts a run that is going on', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    const flow = JSON.parse(await fs.readFile(path.join(workspace, FLOW), 'utf8')) as { spec: { spec: { steps: unknown[] } } };
    flow.spec.spec.steps.push({ kind: 'Message', ref: 'slow-step', spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/release', message: 'deployed' } } });
    await wb.setText(`${JSON.stringify(flow, null, 2)}\n`);
    await wb.cursorAfter('"ref": "slow-step"');
    await wb.command('Release Flow: Run Release Flow');
    await (await wb.quickPick('Run')).waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.webview().locator('g[data-node-id].rf-status-running').filter({ hasText: 'slow-step' }).waitFor();
    await wb.statusItem(/Run: running 3\/4/).waitFor();
    await wb.screenshot('10-run-going-on');
    await wb.command('Release Flow: Abort Run');
    await wb.notification(/Run [0-9a-f]{8} of release-development\.json aborted/);
    await wb.statusItem(/Run: aborted/).waitFor();
    await wb.revert();
  });

  it('waits for approvals and takes them from the Runs view, the notification\'s own Approve button and the preview; a run-form override reaches the local run', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    const flow = JSON.parse(original) as { spec: { spec: { steps: unknown[] } } };
    flow.spec.spec.steps.push(
      { kind: 'Approval', ref: 'sign-off', spec: { amount: 1 } },
      { kind: 'Approval', ref: 'final-sign-off', spec: { amount: 2 } },
      { kind: 'Approval', ref: 'preview-sign-off', spec: { amount: 1 } },
    );
    const previewSignOff = `node:spec.spec.steps.${flow.spec.spec.steps.length - 1}`;
    await wb.setText(`${JSON.stringify(flow, null, 2)}\n`);
    await wb.command('Release Flow: Run Release Flow');
    await (await wb.quickPick('Run')).waitFor();
    // A node override from the run form reaches the local run: the final sign-off asks 1 approval, not 2.
    await (await wb.quickPick('Node override')).click();
    await wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Node override' }).waitFor();
    await wb.page.locator('.quick-input-widget input').fill('final-sign-off.amount=1');
    await wb.page.keyboard.press('Enter');
    await (await wb.quickPick(/Node override[\s\S]*final-sign-off\.amount=1/)).waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.notification(/waits for approval: sign-off \(1 approval\)/);
    let decided = false;
    try {
      await wb.command('Release Flow: Show Runs');
      const run = wb.runsRow(/running · release-development\.json/).first();
      await run.waitFor();
      const node = wb.runsRow(/^sign-off/).first();
      await wb.expandUntil(run, node);
      await node.hover();
      await node.locator('.action-label[aria-label="Approve"]').click();
      // The next Approval is decided in its notification, not in a view.
      await wb.clickNotificationButton(/waits for approval: final-sign-off \(1 approval\)/, 'Approve');
      // The last one in the preview's node details (the preview is open beside the editor since the preview test).
      const card = wb.webview().locator(`g[data-node-id="${previewSignOff}"].rf-status-approval_wait`);
      await card.waitFor({ state: 'attached' });
      // The card may sit below the preview's fold: clicked by event, as a person would after scrolling to it.
      await card.locator('.rf-title').first().dispatchEvent('click');
      await wb.webview().locator('.rf-popover:not([hidden]) .rf-pop-approve').dispatchEvent('click');
      await wb.notification(/Run [0-9a-f]{8} of release-development\.json succeeded/);
      decided = true;
    } finally {
      // A run left waiting for approval would hold up the runs of the tests after this one.
      if (!decided) await wb.command('Release Flow: Abort Run').catch(() => undefined);
      await wb.revert();
    }
  });

  it('rolls the stage back to the state after an earlier run', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Roll Back to Run');
    await (await wb.quickPick(/success · release-development\.json/)).click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: /Roll Development back to the state after run [0-9a-f]{8}/ }).waitFor();
    await wb.screenshot('11-rollback-confirm');
    await dialog.getByRole('button', { name: 'Roll Back', exact: true }).click();
    await wb.notification(/Rollback [0-9a-f]{8} of release-development\.json succeeded/);
    await wb.runsRow(/^Rollback to [0-9a-f]{8}/).first().waitFor();
  });

  it('serves the webhook, copies its URL, runs on a request and masks secret arguments in the log', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Start Webhook (Copy URL)');
    await wb.notification(/Webhook of release-development\.json listening on 127\.0\.0\.1:\d+/);
    const url = await wb.page.evaluate(() => navigator.clipboard.readText());
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/release-flows\/\S+$/);
    await wb.statusItem(/Webhook :\d+/).waitFor();
    const response = await fetch(`${url}?name=webhook-run&DB_PASSWORD=hunter2`, { method: 'POST' });
    assert.equal(response.status, 200, await response.clone().text());
    const { runId } = (await response.json()) as { runId: string };
    await wb.runsRow(/^webhook-run/).filter({ hasText: /success/ }).first().waitFor({ timeout: 60000 });
    await wb.command('Release Flow: Show Log');
    // The whole of the run's lines on screen: the panel takes the window.
    await wb.command('View: Toggle Maximized Panel');
    const output = wb.page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: `run ${runId.slice(0, 8)} "webhook-run"` }).waitFor();
    const text = await output.innerText();
    assert.match(text, /DB_PASSWORD=\*{8}/);
    assert.doesNotMatch(text, /hunter2/);
    await wb.screenshot('12-webhook-log');
    await wb.command('View: Toggle Maximized Panel');
    await wb.command('Release Flow: Stop Webhook');
    await wb.notification(/Stopped the webhook of release-development\.json/);
    await wb.hidePanel();
  });

  it('refuses to commit a flow holding argumentOverrides', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    const committed = await fs.readFile(path.join(workspace, FLOW), 'utf8');
    await wb.setText(committed.replace('"apiVersion": "v1.2",', '"apiVersion": "v1.2",\n  "argumentOverrides": { "DB_PASSWORD": "hunter2" },'));
    await wb.cursorAfter('argumentOverrides');
    const head = await git(workspace, 'rev-parse', 'HEAD');
    await wb.command('Release Flow: Commit Release Flow (GitOps)');
    await wb.notification(/Not committed: examples\/release-development\.json holds secret values/);
    assert.equal(await git(workspace, 'rev-parse', 'HEAD'), head);
    await wb.screenshot('09-gitops-refused');
  });

  it("shows the extension's page with the user's README and every image loaded", async () => {
    // Without a gallery (code-server offline), the Extensions view lists the installed ones.
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+Shift+X');
    await wb.page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: 'Release Flow Studio' }).first().click();
    const frames = wb.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    await frames.locator('h1', { hasText: 'Release Flow Studio' }).waitFor({ timeout: 60000 });
    const images = frames.locator('img');
    await images.nth(5).waitFor();
    // Every image has loaded (a broken one has no natural width), and none is a developer's page.
    const widths = await images.evaluateAll((all) => all.map((image) => [(image as HTMLImageElement).alt, (image as HTMLImageElement).complete ? (image as HTMLImageElement).naturalWidth : -1] as const));
    assert.equal(widths.length, 6, JSON.stringify(widths));
    for (const [alt, width] of widths) assert.ok(width > 0, `the image '${alt}' is shown (${width})`);
    assert.equal(await frames.locator('text=npm test').count(), 0, 'no developer material on the page');
    await wb.screenshot('10-extension-page');
  });
});
