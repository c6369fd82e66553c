/**
 * The editor's Northflank logic that needs no editor: which token and API
 * are used, the flow's target (link file, environment, the file's own
 * stage), the platform pipeline as a description, and the fold of a platform run's events for the Northflank view.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiUrlSetting, chooseCredentials, connectionStatus, SIGNED_IN_SOURCE } from '../../client/northflank/credentialChoice';
import { sendsTokenInClear } from '../../core/northflank/credentials';
import { targetIfLinked, targetOf } from '../../client/northflank/flowTarget';
import { RemoteRunState } from '../../client/northflank/runState';
import { pipelineFromPlatform, TargetError, writeLink } from '../../core/northflank/target';
import { stepIndexes, type RunEvent } from '../../core/runs/events';

describe('Northflank in the editor: credentials', () => {
  let home: string;
  before(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-nf-home-'));
  });
  after(() => fs.rm(home, { recursive: true, force: true }));

  it('reads the API setting without its trailing slash, and an empty one as unset', () => {
    assert.equal(apiUrlSetting(' http://127.0.0.1:8080/ '), 'http://127.0.0.1:8080');
    assert.equal(apiUrlSetting(''), undefined);
    assert.equal(apiUrlSetting(42), undefined);
    assert.throws(() => apiUrlSetting('api.northflank.com'), /not an absolute URL/);
    assert.throws(() => apiUrlSetting('ftp://api.example'), /not http or https/);
  });

  it('knows when the token would travel unencrypted to another machine', () => {
    assert.equal(sendsTokenInClear('http://api.example.com'), true);
    assert.equal(sendsTokenInClear('https://api.northflank.com'), false);
    assert.equal(sendsTokenInClear('http://127.0.0.1:8080'), false);
    assert.equal(sendsTokenInClear('http://localhost:8080'), false);
  });

  it('uses the saved token first, and says so; the setting picks the API', async () => {
    const found = await chooseCredentials('saved-token', 'http://127.0.0.1:9', { NORTHFLANK_TOKEN: 'env-token' }, home);
    assert.deepEqual(found, { token: 'saved-token', source: SIGNED_IN_SOURCE, baseUrl: 'http://127.0.0.1:9' });
    const noSetting = await chooseCredentials('saved-token', undefined, { NORTHFLANK_API_URL: 'http://api.example/' }, home);
    assert.equal(noSetting?.baseUrl, 'http://api.example');
    assert.equal((await chooseCredentials('saved-token', undefined, {}, home))?.baseUrl, 'https://api.northflank.com');
  });

  it('falls back to NORTHFLANK_TOKEN, then to the northflank CLI context, as the CLI does', async () => {
    const env = await chooseCredentials(undefined, 'http://127.0.0.1:9', { NORTHFLANK_TOKEN: 'env-token', NORTHFLANK_API_URL: 'http://ignored' }, home);
    assert.deepEqual(env, { token: 'env-token', source: 'NORTHFLANK_TOKEN', baseUrl: 'http://127.0.0.1:9' });
    assert.equal(await chooseCredentials(undefined, undefined, {}, home), undefined);
    await fs.mkdir(path.join(home, '.northflank'), { recursive: true });
    await fs.writeFile(path.join(home, '.northflank', 'config.json'), JSON.stringify({ current: 'work', contexts: [{ name: 'work', token: 'cli-token', host: 'http://cli.example' }] }));
    const cli = await chooseCredentials('', undefined, {}, home);
    assert.equal(cli?.token, 'cli-token');
    assert.equal(cli?.baseUrl, 'http://cli.example');
    assert.match(cli?.source ?? '', /northflank CLI's context "work"/);
  });

  it('names a broken CLI config rather than taking it for no token', async () => {
    await fs.writeFile(path.join(home, '.northflank', 'config.json'), '{ not json');
    await assert.rejects(chooseCredentials(undefined, undefined, {}, home), /config\.json is not valid JSON/);
    // A saved token does not need the CLI's config at all.
    assert.equal((await chooseCredentials('saved', undefined, {}, home))?.token, 'saved');
  });

  it('says in the status bar who the editor talks to Northflank as, and signed out only for a linked flow', () => {
    const saved = connectionStatus({ source: SIGNED_IN_SOURCE, baseUrl: 'https://api.northflank.com' }, false);
    assert.equal(saved?.text, '$(cloud) Northflank');
    assert.match(saved?.tooltip ?? '', /^Signed in to Northflank, API https:\/\/api\.northflank\.com\./);
    assert.equal(saved?.command, 'releaseFlow.northflank.focus');
    assert.match(connectionStatus({ source: 'NORTHFLANK_TOKEN', baseUrl: 'https://api.northflank.com' }, true)?.tooltip ?? '', /^Connected to Northflank with NORTHFLANK_TOKEN/);
    assert.equal(connectionStatus(undefined, false), undefined, 'nothing said of Northflank for a flow that is not linked');
    const signedOut = connectionStatus(undefined, true);
    assert.equal(signedOut?.text, '$(debug-disconnect) Northflank: signed out');
    assert.equal(signedOut?.command, 'releaseFlow.northflank.signIn');
  });
});

describe('Northflank in the editor: a flow\'s target', () => {
  let repo: string;
  let flowFile: string;
  const text = '{ "apiVersion": "v1.2", "spec": { "kind": "Workflow", "spec": { "type": "sequential", "steps": [] } } }\n';
  before(async () => {
    repo = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-nf-target-')));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    await fs.mkdir(path.join(repo, 'flows'));
    flowFile = path.join(repo, 'flows', 'release-staging.json');
    await fs.writeFile(flowFile, text);
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('is not linked until the link file says so, and the message names the Link command', async () => {
    assert.equal(await targetIfLinked(flowFile, text, {}), undefined);
    await assert.rejects(targetOf(flowFile, text, {}), (error: Error) => error instanceof TargetError && /Link Flow to Northflank/.test(error.message) && /project, pipeline/.test(error.message));
  });

  it('reads the link the CLI writes, the stage from the file name when the link has none', async () => {
    await writeLink(repo, '/flows/release-staging.json', { project: 'shop', pipeline: 'shop-pipeline' });
    const found = await targetOf(flowFile, text, {});
    assert.deepEqual(found.target, { project: 'shop', pipeline: 'shop-pipeline', stage: 'Staging' });
    assert.equal(found.linkKey, '/flows/release-staging.json');
    assert.equal(found.root, repo);
    assert.equal(found.from.project, 'link');
  });

  it('lets the environment win over the link, as the CLI does', async () => {
    const found = await targetOf(flowFile, text, { NORTHFLANK_PROJECT: 'other', NORTHFLANK_TEAM: 'team-a' });
    assert.deepEqual(found.target, { project: 'other', pipeline: 'shop-pipeline', stage: 'Staging', team: 'team-a' });
  });

  it('turns the platform pipeline into a description with the flow in its stage', () => {
    const pipeline = pipelineFromPlatform({ name: 'shop-pipeline', nfObjects: [{ id: 'api', type: 'service', stage: 'staging' }, { id: 'db', type: 'addon', stage: 'Production' }] } as never, 'Staging', '/flows/release-staging.json');
    assert.deepEqual(pipeline.stages.map((s) => [s.name, s.resources.map((r) => r.id), s.releaseFlowFilePath]), [
      ['Development', [], undefined],
      ['Staging', ['api'], '/flows/release-staging.json'],
      ['Production', ['db'], undefined],
    ]);
  });
});

describe('Northflank in the editor: a platform run in the view', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const started: RunEvent = {
    type: 'run-started', runId: 'r1', at,
    run: { id: 'r1', kind: 'release', flowFile: '/f.json', flowHash: 'h', stage: 'Development', arguments: {}, triggers: {} },
    nodes: [
      { index: 0, parent: undefined, kind: 'Workflow', ref: undefined, path: 'spec', depth: 0, workflowType: 'sequential' },
      { index: 1, parent: 0, kind: 'Build', ref: 'build', path: 'spec.spec.steps.0', depth: 1 },
      { index: 2, parent: 0, kind: 'Release', ref: 'deploy', path: 'spec.spec.steps.1', depth: 1 },
    ],
  };

  it('folds statuses, attempts and errors, and counts concluded leaves', () => {
    const state = new RemoteRunState();
    state.apply(started);
    assert.deepEqual(state.children(undefined).map((n) => n.info.index), [0]);
    assert.deepEqual(state.children(0).map((n) => n.info.ref), ['build', 'deploy']);
    assert.ok(state.hasSteps(0) && !state.hasSteps(1));
    state.apply({ type: 'node-status', runId: 'r1', at, node: 1, ref: 'build', kind: 'Build', status: 'retrying', attempt: 1, error: { code: 'platform-500', message: 'Build failed (attempt 1 of 2)' } });
    assert.equal(state.nodes.get(1)?.error?.message, 'Build failed (attempt 1 of 2)');
    state.apply({ type: 'node-status', runId: 'r1', at, node: 1, ref: 'build', kind: 'Build', status: 'success', attempt: 2, outputs: { id: 'b1' }, retries: { attempts: 2, maxAttempts: 3, timestamp: 1 } } as RunEvent);
    assert.deepEqual(state.nodes.get(1), { info: started.nodes[1], status: 'success', attempt: 2, maxAttempts: 3, outputs: { id: 'b1' } });
    assert.deepEqual(state.progress(), { done: 1, total: 2 });
    state.apply({ type: 'node-status', runId: 'r1', at, node: 2, ref: 'deploy', kind: 'Release', status: 'failure', attempt: 1, error: { code: 'platform-500', message: 'Release failed' } });
    state.apply({ type: 'run-finished', runId: 'r1', at, status: 'failure', durationMs: 5, error: 'deploy failed: Release failed', stageState: { stage: 'Development', resources: [], addons: [] } });
    assert.equal(state.status, 'failure');
    assert.equal(state.error, 'deploy failed: Release failed');
    assert.deepEqual(state.progress(), { done: 2, total: 2 });
  });

  it('counts the steps as the status bar does: workflows are containers, an empty one is a step', () => {
    const nodes = [
      { index: 0, parent: undefined },
      { index: 1, parent: 0 },
      { index: 2, parent: 0 },
      { index: 3, parent: 2 },
      { index: 4, parent: 2 },
      { index: 5, parent: 0 },
    ];
    assert.deepEqual([...stepIndexes(nodes)], [1, 3, 4, 5]);
    assert.deepEqual([...stepIndexes([{ index: 0, parent: undefined }])], [0], 'a flow whose root workflow is empty');
    const state = new RemoteRunState();
    state.apply(started);
    assert.equal(state.progress().total, stepIndexes(started.type === 'run-started' ? started.nodes : []).size);
  });
});
