import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parsePipelineDescription, type PipelineDescription } from '../../core/pipeline/description';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import type { RunEvent } from '../../core/runs/events';
import { SimpleGitProvider } from '../../core/git/repository';
import { MemoryWorld } from '../../core/simulation/world';
import { commit, examplesDir, finishedStatus, git, removeDir, runVirtual, tempRepo, timed, type VirtualOptions, type VirtualRun } from './helpers';

const FLOWS = ['release-development.json', 'release-staging.json', 'release-production.json'];

/** A repository holding the examples, as a user's would: the build services build its commits. */
async function examplesRepo(branch = 'main'): Promise<string> {
  const files: Record<string, string> = { 'src/app.js': 'console.log("shop");\n' };
  for (const name of [...FLOWS, '.northflank/pipeline.json']) files[`examples/${name}`] = await fs.readFile(path.join(examplesDir, name), 'utf8');
  return tempRepo(files, branch);
}

describe('runner: the example pipeline', () => {
  let repo: string | undefined;
  let pipeline: PipelineDescription;
  let base: VirtualOptions;

  beforeEach(async () => {
    repo = await examplesRepo();
    const parsed = parsePipelineDescription(await fs.readFile(path.join(repo, 'examples/.northflank/pipeline.json'), 'utf8'));
    pipeline = parsed.pipeline as PipelineDescription;
    base = { git: new SimpleGitProvider(repo), pipeline, world: new MemoryWorld(), clock: new VirtualClock(), ids: new SeededIds(11) };
  });
  afterEach(async () => removeDir(repo));

  const run = async (name: string, options: VirtualOptions = {}): Promise<VirtualRun> => {
    const file = path.join(repo as string, 'examples', name);
    return runVirtual(await fs.readFile(file, 'utf8'), { ...base, flowFile: file, scenario: timed({ Build: '90s', Release: '20s', JobRun: '2m', AddonBackup: '30s' }), ...options });
  };

  it('development builds the pushed commit and deploys it to the API and the migration job', async () => {
    const dev = await run(FLOWS[0] as string);
    assert.equal(finishedStatus(dev), 'success');
    const build = dev.last('build').outputs as { id: string; sha: string; branch: string; status: string };
    assert.equal(build.sha, git(repo as string, 'rev-parse', 'HEAD'));
    assert.equal(build.branch, 'main');
    assert.equal(build.status, 'SUCCESS');
    assert.equal(dev.at('deploy-api', 'running'), 90_000, 'the releases start once the build has succeeded');
    const deployed = (dev.last('deploy-api').outputs as { internal: { buildId: string; deployedSHA: string } }).internal;
    assert.deepEqual([deployed.buildId, deployed.deployedSHA], [build.id, build.sha]);
  });

  it('production takes a backup, promotes the job, runs it and waits, then promotes the service', async () => {
    const dev = await run(FLOWS[0] as string);
    assert.equal(finishedStatus(await run(FLOWS[1] as string)), 'success');
    const prod = await run(FLOWS[2] as string, { args: { RELEASE_NOTE: 'spring release' } });
    assert.equal(finishedStatus(prod), 'success');
    const started = prod.events.filter((e): e is Extract<RunEvent, { type: 'node-status' }> => e.type === 'node-status' && e.status === 'running' && e.kind !== 'Workflow').map((e) => e.ref);
    assert.deepEqual(started, ['backup', 'backup-done', 'promote-migrate', 'migrate', 'migrate-done', 'promote-api', 'notify']);
    const backupId = (prod.last('backup').outputs as { id: string }).id;
    const migrate = prod.events.find((e) => e.type === 'node-status' && e.ref === 'migrate' && e.request !== undefined);
    assert.equal(migrate?.type === 'node-status' && (migrate.request as { spec: { runtimeEnvironment: Record<string, string> } }).spec.runtimeEnvironment.PRE_MIGRATION_BACKUP_ID, backupId);
    assert.equal(prod.at('promote-api', 'running'), 30_000 + 20_000 + 120_000, 'promote-api waits for the backup, the job rollout and the job run');
    const finished = prod.events.find((e) => e.type === 'run-finished');
    assert.ok(finished?.type === 'run-finished');
    const api = finished.stageState.resources.find((r) => r.id === 'shop-api-prod');
    const devBuild = (dev.last('build').outputs as { id: string }).id;
    assert.equal(api?.deployment?.internal?.buildId, devBuild, 'the build made in development reached production');
    assert.equal(api?.deployment?.status, 'running');
    assert.equal(finished.stageState.addons[0]?.latestBackupId, backupId);
    const note = prod.events.find((e) => e.type === 'note' && e.node !== undefined && e.message.includes('not sent'));
    assert.match(note?.type === 'note' ? note.message : '', /shop released to production \(spring release\)\. Backup \S+ taken before migration run/);
  });

  it('production fails at migrate-done when the migration job run fails, and the API is not promoted', async () => {
    await run(FLOWS[0] as string);
    await run(FLOWS[1] as string);
    const prod = await run(FLOWS[2] as string, { scenario: timed({ JobRun: '2m' }, { retryDelay: '30s', outcomes: [{ match: { ref: 'migrate' }, results: [{ result: 'fail', message: 'migration 0042 failed: duplicate column' }] }] }) });
    assert.equal(finishedStatus(prod), 'failure');
    assert.deepEqual(prod.statuses('migrate'), ['running', 'success'], 'starting the job run succeeds; the run itself fails later');
    assert.deepEqual(prod.statuses('migrate-done'), ['running', 'waiting', 'failure'], 'the job run has failed: checking again would not change that, so no retry');
    assert.match(prod.last('migrate-done').error?.message ?? '', /migration 0042 failed: duplicate column/);
    assert.deepEqual(prod.statuses('promote-api'), []);
    assert.deepEqual(prod.statuses('notify'), []);
    const finished = prod.events.find((e) => e.type === 'run-finished');
    assert.ok(finished?.type === 'run-finished');
    assert.match(finished.error ?? '', /^migrate-done failed/);
    const api = finished.stageState.resources.find((r) => r.id === 'shop-api-prod')?.deployment;
    assert.equal(api?.runId, undefined, 'not promoted by this run');
    assert.equal(api?.assumed, true, 'it runs what it ran before, which the simulation does not know');
    assert.ok(finished.stageState.resources.find((r) => r.id === 'shop-migrate-prod')?.deployment, 'the job was promoted before the failure');
  });

  it('production retries the backup while the database is not running yet', async () => {
    await run(FLOWS[0] as string);
    await run(FLOWS[1] as string);
    const prod = await run(FLOWS[2] as string, { scenario: timed({}, { retryDelay: '60s', resources: { 'addon:shop-db-prod': { notRunningFor: '100s' } } }) });
    assert.equal(finishedStatus(prod), 'success');
    assert.deepEqual(prod.statuses('backup'), ['running', 'retrying', 'retrying', 'success']);
    const retry = prod.events.find((e) => e.type === 'node-status' && e.ref === 'backup' && e.status === 'retrying');
    assert.match(retry?.type === 'node-status' ? retry.error?.message ?? '' : '', /Addon shop-db-prod is not running/);
    assert.equal(prod.at('backup', 'success'), 120_000, 'the third attempt, two retry delays later, finds the addon running');
  });

  it('staging deploys a pinned build instead of promoting when PIN_BUILD_ID is given', async () => {
    const dev = await run(FLOWS[0] as string);
    const build = dev.last('build').outputs as { id: string };
    const staging = await run(FLOWS[1] as string, { args: { PIN_BRANCH: 'main', PIN_BUILD_ID: build.id } });
    assert.equal(finishedStatus(staging), 'success');
    assert.deepEqual(staging.statuses('promote-from-development'), ['skipped']);
    assert.deepEqual(staging.statuses('deploy-api'), ['running', 'success']);
    assert.equal((staging.last('deploy-api').outputs as { internal: { buildId: string } }).internal.buildId, build.id);
  });

  it('staging promotes what development is assumed to run on a fresh clone, and fails when a scenario says nothing is deployed there', async () => {
    const fresh = await run(FLOWS[1] as string);
    assert.equal(finishedStatus(fresh), 'success');
    assert.ok(fresh.events.some((e) => e.type === 'note' && /Assumed to exist and run in Development/.test(e.message)));
    const staging = await run(FLOWS[1] as string, { scenario: timed({}, { resources: { 'service:shop-api-dev': { deployed: false } } }) });
    assert.equal(finishedStatus(staging), 'failure');
    assert.equal(staging.last('promote-api').error?.code, 'nothing-deployed');
    assert.match(staging.last('promote-api').error?.message ?? '', /Nothing is deployed on service shop-api-dev in Development/);
  });
});

describe('runner: trigger values in clones without the watched branch', () => {
  let repo: string | undefined;
  afterEach(async () => removeDir(repo));

  it('uses HEAD as the commit pushed to main when main does not exist, and says so', async () => {
    repo = await tempRepo({ 'examples/release-development.json': await fs.readFile(path.join(examplesDir, FLOWS[0] as string), 'utf8') }, 'trunk');
    const head = git(repo, 'rev-parse', 'HEAD');
    const file = path.join(repo, 'examples', FLOWS[0] as string);
    const runIt = async (): Promise<VirtualRun> => runVirtual(await fs.readFile(file, 'utf8'), { git: new SimpleGitProvider(repo as string), flowFile: file });
    const onTrunk = await runIt();
    assert.equal(finishedStatus(onTrunk), 'success');
    assert.equal((onTrunk.last('build').outputs as { sha: string }).sha, head);
    const note = onTrunk.events.find((e) => e.type === 'note');
    assert.match(note?.type === 'note' ? note.message : '', /watches branch 'main', which does not exist in this clone \(HEAD is branch 'trunk' at [0-9a-f]{7}\)/);

    await commit(repo, { 'src/next.js': '1;\n' }, 'second');
    git(repo, 'checkout', '-q', '--detach', 'HEAD');
    const detached = await runIt();
    assert.equal(finishedStatus(detached), 'success');
    assert.equal((detached.last('build').outputs as { sha: string }).sha, git(repo, 'rev-parse', 'HEAD'));
    const detachedNote = detached.events.find((e) => e.type === 'note');
    assert.match(detachedNote?.type === 'note' ? detachedNote.message : '', /HEAD is detached at/);
  });

  it('uses the branch and commit given as trigger overrides, and refuses an unknown commit', async () => {
    repo = await tempRepo({ 'examples/release-development.json': await fs.readFile(path.join(examplesDir, FLOWS[0] as string), 'utf8') });
    const first = git(repo, 'rev-parse', 'HEAD');
    await commit(repo, { 'a.txt': 'a' }, 'second');
    const text = await fs.readFile(path.join(repo, 'examples', FLOWS[0] as string), 'utf8');
    const options = { git: new SimpleGitProvider(repo), flowFile: path.join(repo, 'examples', FLOWS[0] as string) };
    const pinned = await runVirtual(text, { ...options, triggers: { 'main-push': { sha: first.slice(0, 10) } } });
    assert.equal((pinned.last('build').outputs as { sha: string }).sha, first);
    const unknown = await runVirtual(text, { ...options, triggers: { 'main-push': { sha: 'deadbeef' } } });
    assert.equal(unknown.outcome.result, 'dry-run');
    assert.match(unknown.outcome.result === 'dry-run' ? unknown.outcome.problems[0]?.message ?? '' : '', /Commit 'deadbeef' does not exist/);
  });
});
