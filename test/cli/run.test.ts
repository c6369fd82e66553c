import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../cli/main';
import type { CommandIo } from '../../cli/io';
import type { RunnerEvent } from '../../core/runs/events';
import { RunStore, STATE_FOLDER } from '../../core/runs/store';
import { examplesDir, flow, git, message, removeDir, tempRepo } from '../runner/helpers';

interface Outcome {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** Scenario files for the CLI, which runs in real time: nothing takes long. */
const INSTANT = { durations: { default: 0, request: 0, Build: 0, JobRun: 0, AddonBackup: 0, Release: 0, Message: 0, Action: 0 }, retryDelay: 0 };

describe('release-flow run and runs', () => {
  let repo: string;

  beforeEach(async () => {
    repo = await tempRepo({
      'release-development.json': await fs.readFile(path.join(examplesDir, 'release-development.json'), 'utf8'),
      'release-forbid.json': flow([message('a'), message('b')], { options: { concurrencyPolicy: 'forbid' } }),
      'broken.json': flow([message('a', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://h.example.com', message: '${args.MISSING}' } } })]),
      'instant.json': JSON.stringify(INSTANT),
      'fail-build.json': JSON.stringify({ ...INSTANT, outcomes: [{ match: { ref: 'build' }, results: ['fail'], message: 'compiler error' }] }),
      'slow.json': JSON.stringify({ ...INSTANT, durations: { ...INSTANT.durations, Build: '1h' } }),
    });
  });
  afterEach(async () => removeDir(repo));

  async function cli(args: string[], hooks: Partial<CommandIo> = {}, onLine?: (line: string) => void): Promise<Outcome> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CommandIo = {
      out: (l) => {
        for (const line of l.split('\n')) {
          stdout.push(line);
          onLine?.(line);
        }
      },
      err: (l) => stderr.push(...l.split('\n')),
      cwd: repo,
      ...hooks,
    };
    const code = await main(args, io);
    return { code, stdout, stderr };
  }

  const events = (out: Outcome): RunnerEvent[] => out.stdout.filter((l) => l !== '').map((l) => JSON.parse(l) as RunnerEvent);

  it('exit 0 on success; --json prints one event per line: dry-run, run-started, node-status..., run-finished', async () => {
    const out = await cli(['run', 'release-development.json', '--json', '--scenario', 'instant.json', '--name', 'First run']);
    assert.equal(out.code, 0, out.stderr.join('\n'));
    const list = events(out);
    assert.equal(list[0]?.type, 'dry-run');
    assert.equal(list[1]?.type, 'run-started');
    assert.equal(list[list.length - 1]?.type, 'run-finished');
    const started = list[1];
    assert.ok(started?.type === 'run-started');
    assert.equal(started.run.name, 'First run');
    assert.equal(started.run.stage, 'Development');
    assert.deepEqual(started.nodes.map((n) => n.ref ?? n.kind), ['Workflow', 'build', 'Workflow', 'deploy-api', 'deploy-migrate']);
    assert.deepEqual(Object.keys(started.run.triggers), ['main-push']);
    const status = list.find((e) => e.type === 'node-status' && e.ref === 'build' && e.status === 'success');
    assert.ok(status?.type === 'node-status');
    assert.deepEqual(Object.keys(status).sort(), ['at', 'attempt', 'kind', 'node', 'outputs', 'ref', 'retries', 'runId', 'status', 'type']);
    assert.equal((status.outputs as { sha: string }).sha, git(repo, 'rev-parse', 'HEAD'));
    const finished = list[list.length - 1];
    assert.ok(finished?.type === 'run-finished' && finished.status === 'success');
    assert.deepEqual(finished.stageState.resources.map((r) => r.id), ['shop-api-dev', 'shop-migrate-dev'], 'services first, then jobs');
    assert.equal(git(repo, 'status', '--porcelain', '--untracked-files=all'), '', 'the state folder never shows in git status');
  });

  it('prints one line per status change when not on a terminal, and the stage state at the end', async () => {
    const out = await cli(['run', 'release-development.json', '--scenario', 'instant.json']);
    assert.equal(out.code, 0);
    assert.match(out.stdout[0] ?? '', /^Run [0-9a-f]{8}: release-development\.json → Development \(5 nodes\)$/);
    assert.ok(out.stdout.some((l) => /✔ build {2}Build shop-builder {2}success$/.test(l)), out.stdout.join('\n'));
    assert.ok(out.stdout.some((l) => /^ {2}service shop-api-dev +build \S+ of shop-builder \(main @ [0-9a-f]{7}\)/.test(l)));
    assert.match(out.stdout[out.stdout.length - 1] ?? '', /^History: release-flow runs show [0-9a-f]{8}$/);
  });

  it('exit 1 when the run fails, naming the node', async () => {
    const out = await cli(['run', 'release-development.json', '--scenario', 'fail-build.json']);
    assert.equal(out.code, 1);
    assert.ok(out.stdout.some((l) => /✖ build .* failure: compiler error \(attempt 3 of 3\)$/.test(l)), out.stdout.join('\n'));
    assert.ok(out.stdout.some((l) => /^Run [0-9a-f]{8} ✖ failure in .* — build failed: compiler error/.test(l)));
  });

  it('exit 3 when the dry run fails, with file:line:column of each problem, and nothing recorded', async () => {
    const out = await cli(['run', 'broken.json']);
    assert.equal(out.code, 3);
    const text = await fs.readFile(path.join(repo, 'broken.json'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('args.MISSING')) + 1;
    const column = (text.split('\n')[line - 1] as string).indexOf('args.MISSING') + 1;
    assert.equal(out.stderr[0], `broken.json:${line}:${column}: error unresolved-arg Argument 'MISSING' has no value: give it a default in "arguments" or pass --arg MISSING=<value>. (node a)`);
    assert.match(out.stderr[out.stderr.length - 1] ?? '', /Dry run failed: 1 problem; the run did not start/);
    const json = await cli(['run', 'broken.json', '--json']);
    assert.equal(json.code, 3);
    assert.deepEqual(events(json).map((e) => e.type), ['dry-run']);
    assert.equal((await cli(['run', 'broken.json', '--arg', 'MISSING=x', '--dry-run', '--scenario', 'instant.json'])).code, 0);
    const { runs } = await (await RunStore.open(path.join(repo, STATE_FOLDER))).store.list();
    assert.equal(runs.length, 0, 'neither refused nor dry runs are recorded');
  });

  it('exit 4 when the concurrency policy refuses the run', async () => {
    const { store } = await RunStore.open(path.join(repo, STATE_FOLDER));
    assert.equal((await cli(['run', 'release-forbid.json', '--scenario', 'instant.json'])).code, 0);
    const done = await store.get('latest');
    await store.save({ ...done, id: '33333333-3333-4333-8333-333333333333', status: 'running', owner: { ...done.owner, pid: process.pid } });
    const out = await cli(['run', 'release-forbid.json', '--json', '--scenario', 'instant.json']);
    assert.equal(out.code, 4);
    const refused = events(out)[1];
    assert.ok(refused?.type === 'run-refused');
    assert.equal(refused.policy, 'forbid');
    assert.deepEqual(refused.activeRuns, ['33333333-3333-4333-8333-333333333333']);
  });

  it('exit 130 when Ctrl-C aborts the run, which is recorded as aborted', async () => {
    let interrupt: (() => void) | undefined;
    const out = await cli(['run', 'release-development.json', '--json', '--scenario', 'slow.json'], { onInterrupt: (handler) => ((interrupt = handler), () => (interrupt = undefined)) }, (line) => {
      if (line.includes('"status":"waiting"')) interrupt?.();
    });
    assert.equal(out.code, 130);
    const last = events(out).pop();
    assert.ok(last?.type === 'run-finished' && last.status === 'aborted');
    assert.equal(interrupt, undefined, 'the handler is removed once the run is over');
    const show = await cli(['runs', 'show', 'latest', '--json']);
    const record = JSON.parse(show.stdout.join('\n')) as { status: string; nodes: { ref?: string; status: string }[] };
    assert.equal(record.status, 'aborted');
    assert.equal(record.nodes.find((n) => n.ref === 'build')?.status, 'aborted');
  });

  it('--override and --release-override change the run as the API\'s overrides do, and are recorded', async () => {
    await fs.writeFile(path.join(repo, 'release-overrides.json'), flow([message('a'), { kind: 'Release', ref: 'api', spec: { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'shop-api', type: 'service' } } }]));
    const out = await cli(['run', 'release-overrides.json', '--scenario', 'instant.json', '--json', '--override', 'a.spec={"webhookUrl":"https://h.example.com","message":"changed"}', '--release-override', 'shop-api.origin.imagePath=nginx:2']);
    assert.equal(out.code, 0, out.stderr.join('\n'));
    const events = out.stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as RunnerEvent);
    const started = events.find((e) => e.type === 'run-started');
    assert.deepEqual(started?.type === 'run-started' ? started.run.overrides : undefined, {
      overrides: { a: { spec: { webhookUrl: 'https://h.example.com', message: 'changed' } } },
      releaseNodeOverrides: { 'shop-api': { origin: { imagePath: 'nginx:2' } } },
    });
    const api = events.filter((e) => e.type === 'node-status' && e.ref === 'api').pop();
    assert.equal(api?.type === 'node-status' ? (api.outputs as { external: { imagePath: string } }).external.imagePath : undefined, 'nginx:2');
    const shown = await cli(['runs', 'show', 'latest']);
    assert.match(shown.stdout.join('\n'), /overrides  a\.spec=.*changed.*; release shop-api\.origin=\{"imagePath":"nginx:2"\}/);
    const bad = await cli(['run', 'release-overrides.json', '--override', 'a=1']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr.join('\n'), /expected --override NAME\.FIELD=VALUE/);
    const unknown = await cli(['run', 'release-overrides.json', '--override', 'b.x=1']);
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr.join('\n') + unknown.stdout.join('\n'), /no node has the ref 'b'/);
  });

  it('approvals: --approve REF, a question on a terminal, and a clear failure when nobody can decide', async () => {
    await fs.writeFile(path.join(repo, 'release-approval.json'), flow([{ kind: 'Approval', ref: 'sign-off', spec: { amount: 1 } }, message('after')]));
    const approved = await cli(['run', 'release-approval.json', '--scenario', 'instant.json', '--approve', 'sign-off']);
    assert.equal(approved.code, 0, approved.stderr.join('\n'));
    assert.match(approved.stdout.join('\n'), /approval_wait/);
    const nobody = await cli(['run', 'release-approval.json', '--scenario', 'instant.json']);
    assert.equal(nobody.code, 1);
    assert.match(nobody.stdout.join('\n'), /needs 1 approval and nobody can give them here: run on a terminal to be asked, pass --approve sign-off/);
    const questions: string[] = [];
    const person = (answers: string[]): Partial<CommandIo> => ({
      terminal: { columns: 200, rows: 50, write: () => undefined },
      ask: async (question) => (questions.push(question), answers.shift()),
    });
    const asked = await cli(['run', 'release-approval.json', '--scenario', 'instant.json'], person(['maybe', 'a']));
    assert.equal(asked.code, 0, asked.stdout.join('\n'));
    assert.deepEqual(questions, ['Approve sign-off (1 approval)? [a]pprove / [r]eject: ', 'Approve sign-off (1 approval)? [a]pprove / [r]eject: '], 'asked again after an answer that is no decision');
    const rejected = await cli(['run', 'release-approval.json', '--scenario', 'instant.json'], person(['r']));
    assert.equal(rejected.code, 1);
    assert.match(rejected.stdout.join('\n'), /sign-off was rejected by the person at the terminal/);
    const json = await cli(['run', 'release-approval.json', '--scenario', 'instant.json', '--json'], person(['a']));
    assert.equal(json.code, 1, 'with --json nobody is asked');
    const unknown = await cli(['run', 'release-approval.json', '--approve', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr.join('\n'), /--approve nope: no Approval node has the ref 'nope' \(Approval nodes: sign-off\)/);
  });

  it('exit 2 on usage errors: a bad name, a missing file, an invalid scenario', async () => {
    assert.equal((await cli(['run', 'release-development.json', '--name', 'x'])).code, 2);
    const missing = await cli(['run', 'nope.json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr[0] ?? '', /cannot read 'nope.json'/);
    await fs.writeFile(path.join(repo, 'bad-scenario.json'), '{"durations": {"Biuld": "1s"}}');
    const bad = await cli(['run', 'release-development.json', '--scenario', 'bad-scenario.json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr.join('\n'), /durations\.Biuld: not a node kind.*Did you mean 'Build'\?/);
    assert.equal((await cli(['run', 'release-development.json', '--trigger', 'main-push.color=red'])).code, 2);
    assert.equal((await cli(['runs', 'show', 'nothing-like-it'])).code, 2);
    assert.equal((await cli(['runs', 'dance'])).code, 2);
  });

  it('runs list, show and rollback, with --json', async () => {
    assert.equal((await cli(['run', 'release-development.json', '--scenario', 'instant.json', '--name', 'Before'])).code, 0);
    await fs.writeFile(path.join(repo, 'src.js'), 'changed\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'change');
    assert.equal((await cli(['run', 'release-development.json', '--scenario', 'instant.json', '--name', 'After'])).code, 0);
    const list = await cli(['runs', 'list', '--json']);
    const { runs } = JSON.parse(list.stdout.join('\n')) as { runs: { id: string; name: string; status: string }[] };
    assert.deepEqual(runs.map((r) => r.name), ['After', 'Before']);
    const text = await cli(['runs', 'list']);
    assert.match(text.stdout[0] ?? '', /^RUN +CREATED \(UTC\) +STATUS +TOOK +STAGE +FLOW +KIND +NAME +SOURCE$/, 'column headers');
    assert.match(text.stdout[1] ?? '', /^[0-9a-f]{8} {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}success +\d+\.\d s {2}Development {2}release-development\.json {2}release {2}"After"$/);
    const header = text.stdout[0] ?? '';
    for (const row of text.stdout.slice(1)) assert.equal(row.indexOf('release-development.json'), header.indexOf('FLOW'), 'each column starts under its header');
    const before = runs[1]?.id as string;
    const show = await cli(['runs', 'show', before.slice(0, 8)]);
    assert.match(show.stdout[0] ?? '', new RegExp(`^Run ${before} "Before": success$`));
    const rollback = await cli(['runs', 'rollback', before.slice(0, 8), '--json', '--scenario', 'instant.json', '--config']);
    assert.equal(rollback.code, 0, rollback.stderr.join('\n'));
    const lines = events(rollback) as (RunnerEvent | { type: 'config-restored'; file: string; written: boolean })[];
    const last = lines[lines.length - 1];
    assert.ok(last?.type === 'config-restored');
    assert.equal(last.written, false, 'the flow file already has that configuration');
    const after = JSON.parse((await cli(['runs', 'show', 'latest', '--json'])).stdout.join('\n')) as { kind: string; rollbackOf: string; stageState: unknown };
    const target = JSON.parse((await cli(['runs', 'show', before, '--json'])).stdout.join('\n')) as { stageState: { resources: { deployment: { internal: unknown } }[] } };
    assert.equal(after.kind, 'rollback');
    assert.equal(after.rollbackOf, before);
    assert.deepEqual(
      (after.stageState as typeof target.stageState).resources.map((r) => r.deployment.internal),
      target.stageState.resources.map((r) => r.deployment.internal),
    );
  });
});
