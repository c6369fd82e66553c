/**
 * End to end, Northflank in the editor: the packaged .vsix in code-server,
 * against the fake platform (core/northflank/fakePlatform.ts) started here on
 * 127.0.0.1, with `releaseFlow.northflank.apiUrl` pointing at it. A user signs
 * in with a token, links the flow, compares it with the platform (the diff
 * editor and the preview's graph diff), runs it on the platform and watches
 * the node statuses change in the Northflank view and in the preview's
 * graph, then aborts a second run. Screenshots go to test-artifacts/e2e/.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakePlatform } from '../../core/northflank/fakePlatform';
import { requireChromium } from '../webview/browser';
import { endSession, git, makeProfile, packageExtension, repoRoot, requireCodeServer, startCodeServer, type CodeServer } from './codeServer';
import { Workbench } from './workbench';

const ARTIFACTS = path.join(repoRoot, 'test-artifacts', 'e2e', 'northflank');
const FLOW = 'examples/release-development.json';
const TOKEN = 'nf-e2e-token-7f3a9c';
const WHERE = { project: 'shop', pipeline: 'shop-pipeline', stage: 'Development' };

describe('e2e: Northflank in the editor, against the fake platform', function () {
  this.timeout(120000);
  let folder: string;
  let workspace: string;
  let server: CodeServer | undefined;
  let platform: FakePlatform | undefined;
  let wb: Workbench;

  before(async function () {
    this.timeout(300000);
    requireChromium(this);
    requireCodeServer(this);
    folder = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-e2e-nf-')));
    workspace = path.join(folder, 'shop');
    await fs.cp(path.join(repoRoot, 'examples'), path.join(workspace, 'examples'), { recursive: true });
    await git(workspace, 'init', '-q', '-b', 'main');
    await git(workspace, 'add', '-A');
    await git(workspace, 'commit', '-q', '-m', 'Add the shop release flows');
    // The platform's version differs from the file: a changed field, and a last step only the platform has.
    const flow = JSON.parse(await fs.readFile(path.join(workspace, FLOW), 'utf8')) as { $schema?: string; spec: { spec: { steps: { ref?: string; spec: Record<string, unknown> }[] } } };
    delete flow.$schema;
    const build = flow.spec.spec.steps.find((s) => s.ref === 'build');
    if (build) build.spec.reuseExistingBuilds = false;
    flow.spec.spec.steps.push({ kind: 'Message', ref: 'notify-team', spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/release', message: 'deployed' } } } as never);
    platform = await FakePlatform.start({ tokens: [TOKEN] });
    platform.setFlow(WHERE, flow as unknown as Record<string, unknown>);
    platform.addPipeline(WHERE, [
      { id: 'shop-builder', type: 'service', stage: 'Development' },
      { id: 'shop-api-dev', type: 'service', stage: 'Development' },
      { id: 'shop-migrate-dev', type: 'job', stage: 'Development' },
    ] as never);
    const vsix = path.join(folder, 'release-flow-studio.vsix');
    await packageExtension(vsix);
    const profile = await makeProfile(folder, vsix, {
      'releaseFlow.northflank.apiUrl': platform.url,
      // The fake moves a run one step per read: a read a second shows each status.
      'releaseFlow.northflank.pollInterval': 1500,
      'releaseFlow.autoRun.onCommit': false,
    });
    server = await startCodeServer(profile, workspace);
    await fs.rm(ARTIFACTS, { recursive: true, force: true });
    wb = await Workbench.open(server.url, workspace, ARTIFACTS);
  });

  /** A run started on the platform by someone else (another tool, a trigger). */
  const startElsewhere = async (name: string): Promise<{ id: string }> => {
    const started = await fetch(`${platform?.url}/v1/projects/shop/pipelines/shop-pipeline/release-flows/Development/runs`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
    return ((await started.json()) as { data: { id: string } }).data;
  };
  const northflankPane = () => wb.page.locator('.pane').filter({ has: wb.page.locator('.pane-header', { hasText: 'Northflank' }) });
  const northflankRow = (text: RegExp) => northflankPane().locator('.monaco-list-row').filter({ hasText: text }).first();
  /** The Northflank view's title button (an inline action too). */
  const refreshNorthflankView = async (): Promise<void> => {
    await wb.command('Release Flow: Show Runs');
    const header = northflankPane().locator('.pane-header');
    await header.hover();
    await header.locator('.action-label[aria-label="Refresh Northflank"]').click();
  };

  afterEach(async function () {
    await wb?.screenshotIfFailed(this.currentTest);
  });

  after(async () => {
    await endSession(wb, server, folder);
    await platform?.close();
  });

  it('signs in with a token kept out of settings and files', async () => {
    await wb.openFile(FLOW);
    await wb.statusItem('Release Flow').waitFor();
    await wb.command('Release Flow: Sign in to Northflank');
    await wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Sign in to Northflank' }).waitFor();
    await wb.page.locator('.quick-input-widget input').fill(TOKEN);
    await wb.page.keyboard.press('Enter');
    await wb.notification(`Signed in to Northflank (API ${platform?.url})`);
    // The status bar says so while a flow is open; its tooltip names the saved token.
    await wb.statusItem(/^\s*Northflank\s*$/).waitFor();
    const settings = await fs.readFile(path.join(folder, 'user-data', 'User', 'settings.json'), 'utf8');
    assert.doesNotMatch(settings, new RegExp(TOKEN));
  });

  it('links the flow: the committed link file the CLI uses', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Link Flow to Northflank');
    const input = wb.page.locator('.quick-input-widget input');
    const title = (text: string) => wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: text }).waitFor();
    await title('project id');
    await input.fill(WHERE.project);
    await wb.page.keyboard.press('Enter');
    await title('pipeline id');
    await input.fill(WHERE.pipeline);
    await wb.page.keyboard.press('Enter');
    await title('team id');
    await wb.page.keyboard.press('Enter');
    // The stages come with their resources from the platform's pipeline.
    await (await wb.quickPick(/^Development.*3 resources on the platform/)).click();
    await wb.notification(/Linked release-development\.json to shop \/ shop-pipeline \/ Development/);
    const links = JSON.parse(await fs.readFile(path.join(workspace, '.northflank', 'release-flow-links.json'), 'utf8')) as unknown;
    assert.deepEqual(links, { links: { '/examples/release-development.json': { project: 'shop', pipeline: 'shop-pipeline', stage: 'Development' } } });
    const requests = platform?.log ?? [];
    assert.ok(requests.length > 0 && requests.every((r) => r.authorization === `Bearer ${TOKEN}`), 'every request carries the saved token');
    // The Northflank view lists the linked flow's stage.
    await wb.command('Release Flow: Show Runs');
    await wb.page.locator('.monaco-list-row').filter({ hasText: /Development · release-development\.json/ }).first().waitFor();
  });

  it('compares with the platform: the diff editor, the summary by node ref, and the graph diff in the preview', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Compare with Platform');
    await wb.page.locator('.editor-group-container.active .monaco-diff-editor').first().waitFor();
    await wb.page.locator('.editor-group-container.active .tab.active').filter({ hasText: /Northflank Development/ }).waitFor();
    const summary = await wb.notification(/release-development\.json vs Northflank Development/);
    assert.match(summary, /~ build \(Build\) changed: spec\.reuseExistingBuilds/);
    assert.match(summary, /- notify-team \(Message\) only on the platform/);
    await wb.screenshot('01-compare-diff-editor');
    await wb.clearNotifications();
    await wb.page.locator('.editor-group-container.active .tab.active .tab-actions .action-label').first().click();
    await wb.page.locator('.editor-group-container.active .monaco-diff-editor').first().waitFor({ state: 'detached' });
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Open Preview to the Side');
    const compare = wb.webview().locator('[data-control="compare"]');
    await compare.locator('option[value="platform"]').waitFor({ state: 'attached', timeout: 60000 });
    // The page is listening once it has drawn the flow.
    await wb.webview().locator('g[data-node-id]').filter({ hasText: 'deploy-api' }).first().waitFor();
    await compare.selectOption('platform');
    await wb.webview().locator('g[data-node-id]').filter({ hasText: 'notify-team' }).first().waitFor();
    await wb.screenshot('02-graph-diff-platform');
  });

  it('runs on Northflank: node statuses change in the Northflank view, the status bar and the preview', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Run on Northflank');
    await (await wb.quickPick('Run')).waitFor();
    // An override in the CLI's syntax, sent in the platform's run-request shape.
    await (await wb.quickPick('Node override')).click();
    await wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Node override' }).waitFor();
    await wb.page.locator('.quick-input-widget input').fill('build.branch=devel');
    await wb.page.keyboard.press('Enter');
    await (await wb.quickPick(/Node override[\s\S]*build\.branch=devel/)).waitFor();
    // Back in the form, its first line (Run) is the active one.
    await wb.page.keyboard.press('Enter');
    // The platform's flow has four steps (its workflows are not counted), as the Northflank view counts them.
    await wb.statusItem(/Run: Northflank running \d\/4/).waitFor();
    const requested = platform?.runsOf(WHERE)[0]?.spec as { spec: { steps: { ref?: string; spec: { branch?: string } }[] } } | undefined;
    assert.equal(requested?.spec.steps.find((s) => s.ref === 'build')?.spec.branch, 'devel');
    await wb.webview().locator('g[data-node-id].rf-status-running').first().waitFor();
    await wb.command('Release Flow: Show Runs');
    const run = wb.page.locator('.monaco-list-row').filter({ hasText: /followed/ }).first();
    await run.waitFor();
    await run.click();
    await wb.page.locator('.monaco-list-row').filter({ hasText: /^build/ }).filter({ hasText: /Build · (running|success)/ }).first().waitFor();
    // The pointer off the run's row, so that its tooltip does not hide the node tree.
    await wb.page.mouse.move(750, 5);
    await wb.screenshot('03-platform-run-live');
    await wb.notification(/Run [0-9a-f]{8} of release-development\.json on Northflank Development succeeded/);
    await wb.webview().locator('g[data-node-id].rf-status-success').filter({ hasText: 'deploy-api' }).first().waitFor();
    await wb.page.locator('.monaco-list-row').filter({ hasText: /^deploy-api/ }).filter({ hasText: /success/ }).first().waitFor();
    // The run is recorded with the local ones, marked.
    await wb.runsRow(/Northflank shop\/shop-pipeline · success · release-development\.json/).first().waitFor();
    await wb.screenshot('04-platform-run-done');
  });

  it('aborts a run on the platform', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Run on Northflank');
    await (await wb.quickPick('Run')).waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.statusItem(/Run: Northflank running/).waitFor();
    await wb.command('Release Flow: Abort Run');
    await wb.notification(/Run [0-9a-f]{8} of release-development\.json on Northflank Development aborted/);
    await wb.statusItem(/Run: Northflank aborted/).waitFor();
    const runs = platform?.runsOf(WHERE) ?? [];
    assert.equal(runs[0]?.status, 'aborted');
    assert.ok(platform?.log.some((r) => r.method === 'POST' && r.path.endsWith('/abort')), 'the abort endpoint was called');
  });

  it('follows a run started elsewhere (another tool, a trigger)', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    const data = await startElsewhere('from-the-cli');
    await wb.command('Release Flow: Follow Platform Run');
    await wb.page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Follow which run on Northflank?' }).waitFor();
    await wb.page.locator('.quick-input-widget input').fill(data.id);
    await wb.page.keyboard.press('Enter');
    await wb.statusItem(/Run: Northflank running/).waitFor();
    await wb.notification(new RegExp(`Run ${data.id.slice(0, 8)} of release-development\\.json on Northflank Development succeeded`));
    await wb.runsRow(/^from-the-cli/).first().waitFor();
  });

  it('follows and aborts a run from the Northflank view\'s inline buttons', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    const { id } = await startElsewhere('from-a-trigger');
    await refreshNorthflankView();
    const run = northflankRow(/^from-a-trigger/);
    await run.filter({ hasNotText: /followed/ }).waitFor();
    await run.hover();
    await run.locator('.action-label[aria-label="Follow Platform Run"]').click();
    await wb.statusItem(/Run: Northflank running/).waitFor();
    await run.filter({ hasText: /followed/ }).waitFor();
    await run.hover();
    await run.locator('.action-label[aria-label="Abort Platform Run"]').click();
    await wb.notification(new RegExp(`Run ${id.slice(0, 8)} of release-development\\.json on Northflank Development aborted`));
    assert.ok(platform?.log.some((r) => r.method === 'POST' && r.path.endsWith(`/runs/${id}/abort`)), 'the abort endpoint was called for that run');
  });

  it('pauses and resumes the triggers on the platform', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    await wb.command('Release Flow: Pause Triggers on Northflank');
    await wb.notification(/Paused the triggers of Development on Northflank/);
    assert.equal((platform?.flowOf(WHERE)?.options as { paused?: boolean } | undefined)?.paused, true);
    await wb.page.locator('.monaco-list-row').filter({ hasText: /Development · release-development\.json/ }).filter({ hasText: /paused/ }).first().waitFor();
    // Resumed from the flow's inline button in the Northflank view.
    const flowRow = northflankRow(/Development · release-development\.json/);
    await flowRow.hover();
    await flowRow.locator('.action-label[aria-label="Resume Triggers on Northflank"]').click();
    await wb.notification(/Resumed the triggers of Development on Northflank/);
    assert.equal((platform?.flowOf(WHERE)?.options as { paused?: boolean } | undefined)?.paused, false);
  });

  it('says what the platform refused in one notification with Show Log', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    platform?.inject({ status: 404, count: 1, match: (method, path) => method === 'GET' && path.endsWith('/release-flows/Development') });
    await wb.command('Release Flow: Compare with Platform');
    const toast = await wb.notification(/Northflank: Not found on the platform: project shop, pipeline shop-pipeline, stage Development \(404/);
    assert.match(toast, /Show Log/);
    // The Northflank view's own reads too: a notification, and the flow's row says it cannot be read.
    await wb.clearNotifications();
    platform?.inject({ status: 404, count: 1, match: (method, path) => method === 'GET' && path.endsWith('/release-flows/Development/runs') });
    await refreshNorthflankView();
    assert.match(await wb.notification(/Northflank: Not found on the platform: project shop, pipeline shop-pipeline, stage Development \(404/), /Show Log/);
    await northflankRow(/Development · release-development\.json/).filter({ hasText: /cannot be read/ }).waitFor();
    await refreshNorthflankView();
    await northflankRow(/Development · release-development\.json/).filter({ hasText: /active/ }).waitFor();
  });

  it('pushes the file after confirming the diff', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    // An error in the editor's text: refused before anything is sent, whatever the file on disk says.
    await wb.setText((await fs.readFile(path.join(workspace, FLOW), 'utf8')).replace('"kind": "Build"', '"kind": "Bild"'));
    const before = platform?.log.length ?? 0;
    await wb.command('Release Flow: Push to Northflank');
    await wb.notification(/Not pushed: release-development\.json has 1 error\. Nothing was sent\./);
    assert.deepEqual(platform?.log.slice(before).filter((r) => r.method !== 'GET'), [], 'nothing was written to the platform');
    await wb.revert();
    await wb.clearNotifications();
    await wb.command('Release Flow: Push to Northflank');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: /Push release-development\.json to project shop, pipeline shop-pipeline, stage Development\?/ }).waitFor();
    assert.match(await dialog.innerText(), /~ build \(Build\) changed: spec\.reuseExistingBuilds[\s\S]*gitops set/);
    await wb.screenshot('05-push-confirm');
    await dialog.getByRole('button', { name: 'Push', exact: true }).click();
    await wb.notification(/Pushed release-development\.json to Development on Northflank/);
    const pushed = platform?.flowOf(WHERE) as { spec: { spec: { steps: { ref?: string; spec: { reuseExistingBuilds?: boolean } }[] } } };
    assert.equal(pushed.spec.spec.steps.find((s) => s.ref === 'build')?.spec.reuseExistingBuilds, true);
    assert.equal(pushed.spec.spec.steps.some((s) => s.ref === 'notify-team'), false);
  });

  it('pulls a change made on the platform, keeping a backup', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    const changed = structuredClone(platform?.flowOf(WHERE)) as { spec: { spec: { steps: { ref?: string; spec: Record<string, unknown> }[] } } };
    const build = changed.spec.spec.steps.find((s) => s.ref === 'build');
    if (build) build.spec.buildRuleFallThroughHandling = 'skip';
    platform?.setFlow(WHERE, changed as unknown as Record<string, unknown>);
    await wb.command('Release Flow: Pull from Northflank');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: /Replace release-development\.json with the flow of Development on Northflank\?/ }).waitFor();
    await dialog.getByRole('button', { name: 'Pull', exact: true }).click();
    await wb.notification(/Pulled the flow of Development into release-development\.json/);
    assert.match(await fs.readFile(path.join(workspace, FLOW), 'utf8'), /"buildRuleFallThroughHandling": "skip"/);
    assert.equal((await fs.readdir(path.join(workspace, '.release-flow', 'backups'))).length, 1);
  });

  it('checks the flow against the pipeline on the platform', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    // The job the flow releases to is no longer in the platform's pipeline.
    platform?.addPipeline(WHERE, [{ id: 'shop-builder', type: 'service', stage: 'Development' }, { id: 'shop-api-dev', type: 'service', stage: 'Development' }] as never);
    await wb.command('Release Flow: Refresh Pipeline from Northflank');
    await wb.notification(/Pipeline checks of release-development\.json now use shop-pipeline as it is on Northflank/);
    await wb.command('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = wb.page.locator('.markers-panel .monaco-list-row').filter({ hasText: /shop-migrate-dev/ }).first();
    await problem.waitFor();
    // Offline (every try dropped): no false error, the local description (which has the job) applies, and it is said.
    await wb.clearNotifications();
    let offline = true;
    platform?.inject({ status: 'drop', count: 1000, match: (method, p) => offline && method === 'GET' && p.endsWith('/pipelines/shop-pipeline') });
    await wb.command('Release Flow: Refresh Pipeline from Northflank');
    await wb.notification(/Pipeline checks of release-development\.json use the local description: the pipeline could not be read/);
    await problem.waitFor({ state: 'detached' });
    // Back online, the platform's pipeline again.
    offline = false;
    await wb.command('Release Flow: Refresh Pipeline from Northflank');
    await problem.waitFor();
    await wb.hidePanel();
  });

  it('follows on its own a run going on on the platform when the editor starts', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    const { id } = await startElsewhere('before-the-editor');
    // The editor starts afresh, with the flow open and the token saved.
    await wb.command('Developer: Reload Window');
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await wb.statusItem(/Run: Northflank running/).waitFor();
    await wb.notification(new RegExp(`Run ${id.slice(0, 8)} of release-development\\.json on Northflank Development succeeded`));
    await wb.runsRow(/^before-the-editor/).first().waitFor();
  });

  it('never writes the token into the workspace or the log', async () => {
    await wb.command('Release Flow: Show Log');
    const output = wb.page.locator('.part.panel .monaco-editor .view-lines');
    await output.filter({ hasText: /Northflank/ }).first().waitFor();
    assert.doesNotMatch(await output.innerText(), new RegExp(TOKEN));
    // The whole log, as the editor keeps it on disk (the panel draws only the lines in view), and every other log.
    const logs = path.join(folder, 'user-data', 'logs');
    const logTexts = await Promise.all(((await fs.readdir(logs, { recursive: true })) as string[]).map((f) => fs.readFile(path.join(logs, f), 'utf8').catch(() => '')));
    assert.ok(logTexts.some((text) => /pipeline checks of release-development\.json use shop-pipeline/.test(text)), 'the extension\'s log is among them');
    for (const text of logTexts) assert.doesNotMatch(text, new RegExp(TOKEN));
    const files = (await fs.readdir(workspace, { recursive: true })) as string[];
    for (const file of files) {
      const full = path.join(workspace, file);
      if ((await fs.stat(full)).isFile() && !full.includes(`${path.sep}.git${path.sep}`)) assert.doesNotMatch(await fs.readFile(full, 'utf8'), new RegExp(TOKEN), file);
    }
    await wb.hidePanel();
  });

  it('signs out: the saved token is deleted and the view offers to sign in again', async () => {
    await wb.clearNotifications();
    await wb.openFile(FLOW);
    // Signed in, the checks use the platform's pipeline, which lacks the job (see above).
    await wb.command('View: Focus Problems (Errors, Warnings, Infos)');
    const platformOnly = wb.page.locator('.markers-panel .monaco-list-row').filter({ hasText: /shop-migrate-dev/ }).first();
    await platformOnly.waitFor();
    await wb.command('Release Flow: Sign out of Northflank');
    await wb.notification(/Signed out of Northflank: the saved token is deleted/);
    // Signed out, the local pipeline description (which has the job) applies again: no false error.
    await platformOnly.waitFor({ state: 'detached' });
    await wb.hidePanel();
    await wb.openFile(FLOW);
    await wb.statusItem(/Northflank: signed out/).waitFor();
    await wb.command('Release Flow: Show Runs');
    await wb.page.locator('[id="workbench.view.extension.releaseFlow"] .welcome-view-content').filter({ hasText: 'Sign in to Northflank' }).first().waitFor();
  });
});
