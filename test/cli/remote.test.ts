import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/main';
import type { CommandIo } from '../../cli/io';
import { FakePlatform } from '../../core/northflank/fakePlatform';
import { examplesDir, git, removeDir, repoRoot, tempRepo } from '../runner/helpers';

const TOKEN = 'nf-cli-token-9f3b2d71';
const FILE = 'examples/release-development.json';
const TARGET = { project: 'shop', pipeline: 'shop-pipeline', stage: 'Development' };
const NF_OBJECTS = [
  { id: 'shop-builder', type: 'service', stage: 'Development' },
  { id: 'shop-api-dev', type: 'service', stage: 'Development' },
  { id: 'shop-migrate-dev', type: 'job', stage: 'Development' },
] as const;

interface Outcome {
  code: number;
  stdout: string[];
  stderr: string[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(full)));
    else found.push(full);
  }
  return found;
}

describe('release-flow remote (against the fake platform)', function () {
  this.timeout(30_000);
  let repo: string;
  let home: string;
  let fake: FakePlatform;
  let example: string;
  const everything: string[] = [];

  beforeEach(async () => {
    example = await fs.readFile(path.join(examplesDir, 'release-development.json'), 'utf8');
    const bad = JSON.parse(example) as { spec: { spec: { steps: { spec: Record<string, unknown> }[] } } };
    (bad.spec.spec.steps[0] as { spec: Record<string, unknown> }).spec.branch = '${refs.nowhere.branch}';
    repo = await tempRepo({ [FILE]: example, 'release-bad.json': JSON.stringify(bad, null, 2), 'release-secret.json': example.replace('"apiVersion": "v1.2",', '"apiVersion": "v1.2",\n  "argumentOverrides": { "DB_PASSWORD": "hunter2" },') });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-home-'));
    fake = await FakePlatform.start({ tokens: [TOKEN], failRefs: [] });
    fake.setFlow(TARGET, { apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [] } } });
    fake.addPipeline(TARGET, [...NF_OBJECTS]);
  });
  afterEach(async () => {
    await fake.close();
    // No file the commands wrote (links, backups, run records) holds the token.
    for (const file of await filesUnder(repo).catch(() => [] as string[])) {
      if (file.includes(`${path.sep}.git${path.sep}`)) continue;
      assert.ok(!(await fs.readFile(file, 'utf8')).includes(TOKEN), `${file} holds the token`);
    }
    await removeDir(repo);
    await removeDir(home);
  });
  after(() => {
    assert.ok(everything.length > 0, 'the outputs were collected');
    assert.ok(!everything.some((line) => line.includes(TOKEN)), 'the token never appears in any output');
  });

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return { NORTHFLANK_TOKEN: TOKEN, NORTHFLANK_API_URL: fake.url, RELEASE_FLOW_POLL_MS: '1', RELEASE_FLOW_RETRY_MS: '1', HOME: home, ...extra };
  }

  async function cli(args: string[], extraEnv: Record<string, string> = {}, hooks: Partial<CommandIo> = {}): Promise<Outcome> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CommandIo = { out: (l) => stdout.push(...l.split('\n')), err: (l) => stderr.push(...l.split('\n')), cwd: repo, env: env(extraEnv), ...hooks };
    const code = await main(args, io);
    everything.push(...stdout, ...stderr);
    return { code, stdout, stderr };
  }

  const target = ['--project', 'shop', '--pipeline', 'shop-pipeline'];

  it('graph --diff-against platform draws what the file changes on the stage (exit 6 when the platform refuses)', async () => {
    fake.setFlow(TARGET, { ...(JSON.parse(example) as Record<string, unknown>), status: 'success' });
    const local = JSON.parse(example) as { spec: { spec: { steps: { ref?: string; spec: Record<string, unknown> }[] } } };
    (local.spec.spec.steps[0] as { spec: Record<string, unknown> }).spec.branch = 'release';
    await fs.writeFile(path.join(repo, FILE), JSON.stringify(local, null, 2));
    const out = await cli(['graph', FILE, '--diff-against', 'platform', ...target, '--format', 'mermaid']);
    assert.equal(out.code, 0, out.stderr.join('\n'));
    assert.match(out.stderr.join('\n'), /1 changed since platform \(project shop, pipeline shop-pipeline, stage Development\)/);
    assert.match(out.stdout.join('\n'), /~ changed: spec\.branch/);
    const refused = await cli(['graph', FILE, '--diff-against', 'platform', ...target], { NORTHFLANK_TOKEN: 'nf-wrong-token-000' });
    assert.equal(refused.code, 6);
    assert.match(refused.stderr.join('\n'), /--diff-against platform: The platform rejected the API token from NORTHFLANK_TOKEN/);
  });

  it('link saves the target in a committed file; diff then uses it: exit 1 when different, 0 when the same', async () => {
    const linked = await cli(['remote', 'link', FILE, ...target]);
    assert.equal(linked.code, 0, linked.stderr.join('\n'));
    assert.match(linked.stdout[0] as string, /Linked examples\/release-development.json to project shop, pipeline shop-pipeline \(stage: the one the file maps to\) in .northflank\/release-flow-links.json/);
    assert.deepEqual(JSON.parse(await fs.readFile(path.join(repo, '.northflank/release-flow-links.json'), 'utf8')), { links: { '/examples/release-development.json': { project: 'shop', pipeline: 'shop-pipeline' } } });
    const different = await cli(['remote', 'diff', FILE]);
    assert.equal(different.code, 1);
    assert.deepEqual(different.stdout.slice(0, 3), ['examples/release-development.json against project shop, pipeline shop-pipeline, stage Development:', '  + build (Build) only in the file', '  + Workflow at spec.spec.steps.1 (Workflow) only in the file']);
    const json = await cli(['remote', 'diff', FILE, '--json']);
    const parsed = JSON.parse(json.stdout.join('\n')) as { identical: boolean; target: unknown; nodes: { ref?: string; change: string }[] };
    assert.equal(parsed.identical, false);
    assert.deepEqual(parsed.target, TARGET);
    assert.deepEqual(parsed.nodes.filter((n) => n.ref).map((n) => `${n.change} ${n.ref}`), ['added build', 'added deploy-api', 'added deploy-migrate']);
    fake.setFlow(TARGET, { ...(JSON.parse(example) as Record<string, unknown>), status: 'success', updatedAt: 'x' });
    const same = await cli(['remote', 'diff', FILE]);
    assert.equal(same.code, 0);
    assert.equal(same.stdout[1], '  The file and the platform hold the same flow.');
  });

  it('pull creates a file that does not exist yet; diff refuses a file that is not JSON (exit 2)', async () => {
    fake.setFlow(TARGET, { ...(JSON.parse(example) as Record<string, unknown>), description: 'new' });
    const created = await cli(['remote', 'pull', 'release/development.json', ...target]);
    assert.equal(created.code, 0, created.stderr.join('\n'));
    assert.equal((JSON.parse(await fs.readFile(path.join(repo, 'release/development.json'), 'utf8')) as { description: string }).description, 'new');
    await fs.writeFile(path.join(repo, 'release-broken.json'), '{ "apiVersion": ');
    const broken = await cli(['remote', 'diff', 'release-broken.json', ...target, '--stage', 'Development']);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr[0] as string, /release-broken.json is not valid JSON/);
  });

  it('a follow that fails on the way says the run goes on and how to follow it again (exit 6)', async () => {
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    fake.inject({ status: 502, count: 4, match: (method, p) => method === 'GET' && /\/runs\/[^/]+$/.test(p) });
    const out = await cli(['remote', 'run', FILE, ...target]);
    assert.equal(out.code, 6);
    const id = fake.runsOf(TARGET)[0]?.id as string;
    assert.match(out.stderr[out.stderr.length - 1] as string, new RegExp(`failed to get run ${id} after 4 attempts \\(502.* Run ${id.slice(0, 8)} goes on; follow it again with: release-flow remote runs ${FILE} follow ${id}$`));
  });

  it('on a terminal, run redraws the same live tree as a local run', async () => {
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    const frames: string[] = [];
    const out = await cli(['remote', 'run', FILE, ...target], {}, { terminal: { columns: 120, rows: 40, write: (text) => frames.push(text) } });
    assert.equal(out.code, 0, out.stderr.join('\n'));
    const last = frames[frames.length - 1] as string;
    assert.match(last, /Run [0-9a-f]{8}: examples\/release-development.json → Development \(5 nodes\)\n {2}✔ Workflow \(sequential\) {2}success\n {4}✔ build {2}Build shop-builder {2}success/);
    assert.match(out.stdout.join('\n'), /Run [0-9a-f]{8} ✔ success in/);
  });

  it('--team uses the team-scoped paths', async () => {
    fake.setFlow({ ...TARGET, team: 'platform-team' }, JSON.parse(example) as Record<string, unknown>);
    const out = await cli(['remote', 'diff', FILE, ...target, '--team', 'platform-team']);
    assert.equal(out.code, 0, out.stderr.join('\n'));
    assert.equal(fake.log[0]?.path, '/v1/teams/platform-team/projects/shop/pipelines/shop-pipeline/release-flows/Development');
  });

  it('the CLI bundle loads the client from its own chunk; the extension bundles do not contain it', async () => {
    const bundle = async (name: string): Promise<string> => fs.readFile(path.join(repoRoot, 'dist', name), 'utf8');
    const cliBundle = await bundle('cli.js');
    assert.ok(cliBundle.includes('import("./northflank-client.js")'));
    // The client's User-Agent prefix is in its code, and only there.
    assert.ok((await bundle('northflank-client.js')).includes('northflank-js-client/'));
    for (const name of ['cli.js', 'extension.js', 'features.js', 'server.js']) assert.ok(!(await bundle(name)).includes('northflank-js-client/'), `${name} holds the client`);
  });

  it('with no target anywhere, says what is missing (exit 2)', async () => {
    const out = await cli(['remote', 'diff', 'release-bad.json']);
    assert.equal(out.code, 2);
    assert.match(out.stderr[0] as string, /No platform project, pipeline for release-bad.json: pass --project, --pipeline, set NORTHFLANK_PROJECT, NORTHFLANK_PIPELINE, or save them with 'release-flow remote link/);
    const noToken = await cli(['remote', 'diff', FILE, ...target], { NORTHFLANK_TOKEN: '' });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr[0] as string, /No Northflank API token/);
  });

  it('push validates first, refuses secrets, asks --yes for a gitops flow, then updates', async () => {
    const bad = await cli(['remote', 'push', 'release-bad.json', ...target]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr.join('\n'), /unknown-ref[\s\S]*refused: the flow has errors; nothing was sent/);
    const secret = await cli(['remote', 'push', 'release-secret.json', ...target]);
    assert.equal(secret.code, 1);
    assert.match(secret.stderr.join('\n'), /argument-overrides-committed[\s\S]*refused: secrets/);
    const noYes = await cli(['remote', 'push', FILE, ...target]);
    assert.equal(noYes.code, 1);
    assert.match(noYes.stdout.join('\n'), /Pushing examples\/release-development.json to project shop, pipeline shop-pipeline, stage Development:\n  \+ build \(Build\) only in the file/);
    assert.match(noYes.stderr.join('\n'), /gitops set: the platform syncs it from https:\/\/github.com\/example-org\/shop \(main:\/examples\/release-development.json\)[\s\S]*Pass --yes/);
    assert.equal(fake.log.filter((r) => r.method === 'POST').length, 0, 'nothing was sent');
    const pushed = await cli(['remote', 'push', FILE, ...target, '--yes']);
    assert.equal(pushed.code, 0, pushed.stderr.join('\n'));
    assert.deepEqual(fake.flowOf(TARGET), JSON.parse(example));
    const again = await cli(['remote', 'push', FILE, ...target, '--yes']);
    assert.match(again.stdout[0] as string, /already holds this flow; nothing to push/);
  });

  it('pull refuses uncommitted changes unless --force, and keeps a backup of the local text', async () => {
    fake.setFlow(TARGET, { ...(JSON.parse(example) as Record<string, unknown>), description: 'from the platform' });
    const edited = example.replace('"apiVersion": "v1.2",', '"apiVersion": "v1.2",\n  "name": "local edit",');
    await fs.writeFile(path.join(repo, FILE), edited);
    const refused = await cli(['remote', 'pull', FILE, ...target]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr[0] as string, /has uncommitted changes; commit or stash them, or pass --force/);
    assert.equal(await fs.readFile(path.join(repo, FILE), 'utf8'), edited);
    const forced = await cli(['remote', 'pull', FILE, ...target, '--force']);
    assert.equal(forced.code, 0, forced.stderr.join('\n'));
    const backup = /kept in (.+)\.$/.exec(forced.stdout[forced.stdout.length - 1] as string)?.[1] as string;
    assert.equal(await fs.readFile(path.join(repo, backup), 'utf8'), edited);
    assert.match(backup, /^\.release-flow\/backups\/release-development\..+\.json$/);
    const pulled = JSON.parse(await fs.readFile(path.join(repo, FILE), 'utf8')) as Record<string, unknown>;
    assert.equal(pulled.description, 'from the platform');
    assert.equal(pulled.name, undefined);
    assert.equal(git(repo, 'status', '--porcelain'), `M ${FILE}`);
    // A file Git does not track is refused too, and says so.
    await fs.writeFile(path.join(repo, 'release-new.json'), edited);
    const untracked = await cli(['remote', 'pull', 'release-new.json', ...target, '--stage', 'Development']);
    assert.equal(untracked.code, 1);
    assert.equal(untracked.stderr[0], 'release-flow remote pull: release-new.json is not committed (Git does not track it); commit it, or pass --force (a backup is kept either way).');
    assert.equal(await fs.readFile(path.join(repo, 'release-new.json'), 'utf8'), edited);
  });

  it('run starts a run with arguments and overrides, follows it with the tree, records it; runs list shows it marked', async () => {
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    const out = await cli(['remote', 'run', FILE, ...target, '--name', 'Remote run', '--description', 'From the audit', '--arg', 'A=1', '--override', 'build.branch=devel', '--release-override', 'shop-api-dev.imagePath=nginx:latest']);
    assert.equal(out.code, 0, out.stderr.join('\n'));
    // The run request in the platform's shape (api/run-release-flow.md).
    assert.deepEqual(fake.log.find((r) => r.method === 'POST')?.body, { name: 'Remote run', description: 'From the audit', arguments: { A: '1' }, overrides: { build: { branch: 'devel' } }, releaseNodeOverrides: { 'shop-api-dev': { imagePath: 'nginx:latest' } } });
    assert.match(out.stdout[0] as string, /^Run [0-9a-f]{8} "Remote run": examples\/release-development.json → Development \(5 nodes\)$/);
    assert.match(out.stdout.join('\n'), /✔ build {2}Build shop-builder {2}success[\s\S]*✔ deploy-migrate[\s\S]*✔ success in/);
    const run = fake.runsOf(TARGET)[0];
    assert.equal(run?.name, 'Remote run');
    assert.equal((run?.arguments as Record<string, string>).A, '1');
    const build = (run?.spec as { spec: { steps: { spec: { branch: string } }[] } }).spec.steps[0];
    assert.equal(build?.spec.branch, 'devel');
    const listed = await cli(['runs', 'list']);
    assert.match(listed.stdout[1] as string, new RegExp(`^${run?.id.slice(0, 8)} .* success .* "Remote run"  \\[northflank shop/shop-pipeline\\]$`));
    const shown = await cli(['runs', 'show', 'latest']);
    assert.match(shown.stdout.join('\n'), /: success[\s\S]*✔ deploy-api/);
    const rollback = await cli(['runs', 'rollback', 'latest']);
    assert.equal(rollback.code, 2);
    assert.match(rollback.stderr[0] as string, /ran on Northflank/);
  });

  it('run --json prints the local run event stream, each event marked "source": "northflank"; a failure exits 1', async () => {
    await fake.close();
    fake = await FakePlatform.start({ tokens: [TOKEN], failRefs: ['deploy-api'] });
    const retried = JSON.parse(example) as { spec: { spec: { steps: { spec: { steps: Record<string, unknown>[] } }[] } } };
    (retried.spec.spec.steps[1]?.spec.steps[0] as Record<string, unknown>).settings = { maxAttempts: 2, backoff: { type: 'fixed', delay: 1 } };
    fake.setFlow(TARGET, retried as unknown as Record<string, unknown>);
    const out = await cli(['remote', 'run', FILE, ...target, '--json']);
    assert.equal(out.code, 1);
    const events = out.stdout.filter(Boolean).map((l) => JSON.parse(l) as { type: string; source: string; status?: string; ref?: string; attempt?: number; error?: unknown });
    assert.ok(events.every((e) => e.source === 'northflank'));
    assert.equal(events[0]?.type, 'run-started');
    assert.deepEqual(events.filter((e) => e.ref === 'deploy-api').map((e) => `${e.status}#${e.attempt}`), ['running#1', 'retrying#1', 'running#2', 'failure#2']);
    const finished = events[events.length - 1];
    assert.deepEqual([finished?.type, finished?.status, finished?.error], ['run-finished', 'failure', 'deploy-api failed: Release failed']);
    // The attempts allowed are the platform's (settings.maxAttempts), in the tree and the record.
    const shown = await cli(['runs', 'show', 'latest']);
    assert.match(shown.stdout.join('\n'), /✖ deploy-api {2}Release .* failure \(attempt 2 of 2\): Release failed/);
  });

  it('run --no-follow prints the run id; without an id in the answer the run is found by listing', async () => {
    await fake.close();
    fake = await FakePlatform.start({ tokens: [TOKEN], runAnswerHasId: false });
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    const out = await cli(['remote', 'run', FILE, ...target, '--no-follow']);
    assert.equal(out.code, 0, out.stderr.join('\n'));
    const id = fake.runsOf(TARGET)[0]?.id as string;
    assert.equal(out.stdout[0], `Started run ${id} on project shop, pipeline shop-pipeline, stage Development. Follow it with: release-flow remote runs ${FILE} follow ${id}`);
    const followed = await cli(['remote', 'runs', FILE, 'follow', id, ...target]);
    assert.equal(followed.code, 0);
    const shown = await cli(['remote', 'runs', FILE, 'show', id, ...target]);
    assert.match(shown.stdout.join('\n'), /: success[\s\S]*✔ build {2}Build shop-builder {2}success/);
  });

  it('runs list follows the cursor over 3 pages up to --limit, and filters by --status', async () => {
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    for (let i = 0; i < 230; i++) fake.addConcludedRun(TARGET, i % 10 === 0 ? 'failure' : 'success', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString());
    const all = await cli(['remote', 'runs', FILE, 'list', '--limit', '250', '--json', ...target]);
    const runs = (JSON.parse(all.stdout.join('\n')) as { runs: { createdAt: string }[] }).runs;
    assert.equal(runs.length, 230);
    assert.equal(fake.log.filter((r) => r.path.endsWith('/runs')).length, 3);
    assert.equal(runs[0]?.createdAt, new Date(Date.UTC(2026, 0, 1, 0, 229)).toISOString());
    const limited = await cli(['remote', 'runs', FILE, 'list', ...target]);
    assert.equal(limited.stdout.length, 50);
    const failed = await cli(['remote', 'runs', FILE, 'list', '--status', 'failure', ...target]);
    assert.equal(failed.stdout.length, 23);
    assert.ok(failed.stdout.every((l) => / failure$/.test(l)));
  });

  it('runs abort stops a run; pause and resume change options.paused on the platform', async () => {
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    const started = await cli(['remote', 'run', FILE, ...target, '--no-follow']);
    const id = fake.runsOf(TARGET)[0]?.id as string;
    assert.equal(started.code, 0);
    const aborted = await cli(['remote', 'runs', FILE, 'abort', id, ...target, '--json']);
    assert.equal(aborted.code, 0);
    assert.deepEqual(JSON.parse(aborted.stdout.join('\n')), { type: 'abort-requested', runId: id, source: 'northflank', target: TARGET });
    const followed = await cli(['remote', 'runs', FILE, 'follow', id, ...target]);
    assert.equal(followed.code, 130);
    assert.match(followed.stdout.join('\n'), /■ aborted/);
    // The platform reports no stage state: no empty "Stage … after the run:" heading.
    const shown = await cli(['remote', 'runs', FILE, 'show', id, ...target]);
    assert.match(shown.stdout[0] as string, new RegExp(`^Run ${id}: aborted$`));
    assert.doesNotMatch(shown.stdout.join('\n'), /after the run/);
    const paused = await cli(['remote', 'pause', FILE, ...target]);
    assert.equal(paused.code, 0);
    assert.equal((fake.flowOf(TARGET)?.options as { paused?: boolean }).paused, true);
    assert.match((await cli(['remote', 'pause', FILE, ...target])).stdout[0] as string, /already paused/);
    assert.equal((await cli(['remote', 'resume', FILE, ...target])).code, 0);
    assert.equal((fake.flowOf(TARGET)?.options as { paused?: boolean }).paused, false);
    // A change made on the platform between the read and the write is not overwritten.
    let reads = 0;
    fake.onRequest = (method) => {
      if (method === 'GET' && ++reads === 2) fake.setFlow(TARGET, { ...(JSON.parse(example) as Record<string, unknown>), description: 'changed meanwhile' });
    };
    const raced = await cli(['remote', 'pause', FILE, ...target]);
    assert.equal(raced.code, 1);
    assert.match(raced.stderr[0] as string, /the flow changed on the platform meanwhile \(updatedAt .* → .*\); nothing was changed/);
    assert.equal((fake.flowOf(TARGET) as { description?: string }).description, 'changed meanwhile');
    assert.notEqual((fake.flowOf(TARGET)?.options as { paused?: boolean }).paused, true);
  });

  it('runs list --status takes the platform\'s words only (exit 2 before any request, with the word meant)', async () => {
    const old = await cli(['remote', 'runs', FILE, 'list', '--status', 'failed', ...target]);
    assert.equal(old.code, 2);
    assert.match(old.stderr[0] as string, /--status 'failed' is not a run status of the platform; use one of pending, running, success, failure, .*approval_wait\. Did you mean 'failure'\?/);
    const typo = await cli(['remote', 'runs', FILE, 'list', '--status', 'sucess', ...target]);
    assert.match(typo.stderr[0] as string, /Did you mean 'success'\?/);
    assert.equal(fake.log.length, 0);
  });

  it('a rate limit that resets within a minute is waited for (exit 0); a 403 is one line naming the token\'s source (exit 6)', async () => {
    await fake.close();
    fake = await FakePlatform.start({ tokens: [TOKEN], readOnlyTokens: ['nf-read-only-token-55aa'] });
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    fake.setRateLimit(0, 1);
    const waited = await cli(['remote', 'diff', FILE, ...target]);
    assert.equal(waited.code, 0, waited.stderr.join('\n'));
    assert.deepEqual(waited.stderr, ['release-flow: Rate limited by the platform (1000 requests an hour): waiting 1 s for the limit to reset.']);
    assert.deepEqual(fake.log.map((r) => r.status), [429, 200]);
    const forbidden = await cli(['remote', 'pause', FILE, ...target], { NORTHFLANK_TOKEN: 'nf-read-only-token-55aa' });
    assert.equal(forbidden.code, 6);
    assert.deepEqual(forbidden.stderr, ['release-flow remote pause: The API token from NORTHFLANK_TOKEN may not update the release flow (403: Forbidden: this token lacks Project > Pipelines > General > Update). Give it the permission, or use another token.']);
    assert.ok(!forbidden.stderr.join('').includes('nf-read-only-token-55aa'));
  });

  it('validate --remote checks stage membership against the pipeline on the platform', async () => {
    const ok = await cli(['validate', FILE, '--remote', ...target]);
    assert.equal(ok.code, 0, ok.stdout.join('\n'));
    fake.addPipeline(TARGET, [{ id: 'shop-builder', type: 'service', stage: 'Development' }, { id: 'shop-api-dev', type: 'service', stage: 'Development' }]);
    const missing = await cli(['validate', FILE, '--remote', ...target]);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout.join('\n'), /error pipeline-target .*'shop-migrate-dev' is not a job of the Development stage/);
    const gone = await cli(['validate', FILE, '--remote', '--project', 'nope', '--pipeline', 'shop-pipeline']);
    assert.equal(gone.code, 6);
    assert.match(gone.stderr[0] as string, /Not found on the platform: project nope, pipeline shop-pipeline \(404/);
  });

  it('a run request whose connection drops is sent once; the message says it may have started and how to check', async () => {
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    fake.inject({ status: 'drop', count: 1, match: (method) => method === 'POST' });
    const out = await cli(['remote', 'run', FILE, ...target]);
    assert.equal(out.code, 6);
    assert.deepEqual(out.stderr, [`release-flow remote run: Cannot reach the platform at ${fake.url} to start a run: ECONNRESET. It may or may not have been done: check with release-flow remote runs ${FILE} list.`]);
    assert.equal(fake.log.filter((r) => r.method === 'POST').length, 1);
    assert.equal(fake.runsOf(TARGET).length, 0);
  });

  it('each refusal or failure of the platform is one line and exit 6', async () => {
    const wrong = await cli(['remote', 'diff', FILE, ...target], { NORTHFLANK_TOKEN: 'another-token-value' });
    assert.deepEqual([wrong.code, wrong.stderr.length], [6, 1]);
    assert.match(wrong.stderr[0] as string, /rejected the API token from NORTHFLANK_TOKEN \(401/);
    const notFound = await cli(['remote', 'diff', FILE, ...target, '--stage', 'Production']);
    assert.deepEqual([notFound.code, notFound.stderr], [6, ['release-flow remote diff: Not found on the platform: project shop, pipeline shop-pipeline, stage Production (404: Release flow for stage Production of pipeline shop-pipeline not found).']]);
    fake.inject({ status: 500, count: 4 });
    const failing = await cli(['remote', 'diff', FILE, ...target]);
    assert.equal(failing.code, 6);
    assert.match(failing.stderr[failing.stderr.length - 1] as string, /failed to get the release flow after 4 attempts \(500/);
    fake.setRateLimit(0, 3600);
    const limited = await cli(['remote', 'diff', FILE, ...target]);
    assert.equal(limited.code, 6);
    assert.match(limited.stderr[0] as string, /Rate limit exhausted/);
    const offline = await cli(['remote', 'diff', FILE, ...target], { NORTHFLANK_API_URL: 'http://127.0.0.1:9' });
    assert.equal(offline.code, 6);
    assert.match(offline.stderr[offline.stderr.length - 1] as string, /Cannot reach the platform at http:\/\/127.0.0.1:9 to get the release flow: ECONNREFUSED \(after 4 attempts\)/);
  });

  function child(args: string[], extraEnv: Record<string, string>): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; firstLine: Promise<void>; kill: () => void } {
    const proc = spawn(process.execPath, [path.join(repoRoot, 'bin/release-flow.js'), ...args], { cwd: repo, env: { ...process.env, ...env(extraEnv) } });
    let stdout = '';
    let stderr = '';
    let seen: () => void = () => undefined;
    const firstLine = new Promise<void>((resolve) => (seen = resolve));
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('running')) seen();
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
    return { done, firstLine, kill: () => proc.kill('SIGINT') };
  }

  it('Ctrl-C detaches (the run goes on) and says how to follow again; --abort-on-interrupt aborts it first', async () => {
    fake.setFlow(TARGET, JSON.parse(example) as Record<string, unknown>);
    const detached = child(['remote', 'run', FILE, ...target], { RELEASE_FLOW_POLL_MS: '300' });
    await detached.firstLine;
    detached.kill();
    const first = await detached.done;
    everything.push(first.stdout, first.stderr);
    assert.equal(first.code, 130, first.stderr);
    const id = fake.runsOf(TARGET)[0]?.id as string;
    assert.match(first.stderr, new RegExp(`Detached: run ${id.slice(0, 8)} goes on on the platform. Follow it again with: release-flow remote runs ${FILE} follow ${id}`));
    assert.equal(fake.runsOf(TARGET)[0]?.concluded, false);
    // Its follower is gone, but the run goes on: the local record is not marked interrupted.
    const listed = await cli(['runs', 'list']);
    assert.match(listed.stdout.find((line) => line.startsWith(id.slice(0, 8))) as string, /\s(running|pending)\s.*\[northflank shop\/shop-pipeline\]$/);
    assert.deepEqual(listed.stderr, []);
    const aborting = child(['remote', 'run', FILE, ...target, '--abort-on-interrupt'], { RELEASE_FLOW_POLL_MS: '300' });
    await aborting.firstLine;
    aborting.kill();
    const second = await aborting.done;
    everything.push(second.stdout, second.stderr);
    assert.equal(second.code, 130, second.stderr);
    assert.match(second.stderr, /Aborted run [0-9a-f]{8} on the platform/);
    assert.equal(fake.runsOf(TARGET)[0]?.status, 'aborting');
  });
});

describe('npm run demo:platform', function () {
  this.timeout(90_000);

  it('takes the example flow through link, diff, push, run and follow against the fake platform, and exits 0', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['NORTHFLANK_TOKEN', 'NORTHFLANK_API_URL', 'NORTHFLANK_PROJECT', 'NORTHFLANK_PIPELINE', 'NORTHFLANK_STAGE', 'NORTHFLANK_TEAM']) delete env[name];
    const proc = spawn(process.execPath, [path.join(repoRoot, 'scripts/demo-platform.mjs')], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    const steps = [...stdout.matchAll(/^\$ release-flow (\S+ \S+).*\n[\s\S]*?^\(exit (\d+)\)$/gm)].map((m) => `${m[1]} → ${m[2]}`);
    assert.deepEqual(steps, ['remote link → 0', 'remote diff → 1', 'remote push → 0', 'remote diff → 0', 'remote run → 0', 'remote runs → 0', 'runs list → 0']);
    assert.match(stdout, /✔ deploy-migrate {2}Release shop-builder → shop-migrate-dev {2}success[\s\S]*✔ success in/);
    assert.match(stdout, /"Demo run" {2}\[northflank shop\/shop-pipeline\]/);
    // The scratch copy is gone: the repository itself was never touched.
    const scratch = /scratch copy in (\S+)\./.exec(stdout)?.[1] as string;
    await assert.rejects(fs.stat(scratch));
  });
});
