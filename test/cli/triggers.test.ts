import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CommandIo } from '../../cli/io';
import { main } from '../../cli/main';
import { RunStore, STATE_FOLDER } from '../../core/runs/store';
import { commit, flow, git, message, removeDir, tempRepo } from '../runner/helpers';

const INSTANT = { durations: { default: 0, request: 0, Message: 0 }, retryDelay: 0 };
const FLOW = flow([message('notify', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: 'for ${refs.main-push.branch} ${refs.main-push.pullRequestId}' } } })], {
  triggers: [{ ref: 'main-push', vcsService: 'github', repoUrl: 'https://github.com/acme/shop', branchRestrictions: ['main'], prRestrictions: ['feature/*'], pathIgnoreRules: ['*.md'], ignoreDrafts: true }],
});

interface Outcome {
  code: number;
  stdout: string[];
  stderr: string[];
}

describe('release-flow triggers, simulate, pause, resume, webhook, watch', () => {
  let repo: string;

  beforeEach(async () => {
    repo = await tempRepo({ 'release-development.json': FLOW, 'instant.json': JSON.stringify(INSTANT), 'src/app.ts': '1\n' });
    git(repo, 'remote', 'add', 'origin', 'https://github.com/acme/shop.git');
  });
  afterEach(async () => removeDir(repo));

  /** Runs the CLI in-process; `onLine` sees every line as it is printed (stdout and stderr). */
  async function cli(args: string[], hooks: Partial<CommandIo> = {}, onLine?: (line: string) => void): Promise<Outcome> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const sink = (into: string[]) => (text: string) => {
      for (const line of text.split('\n')) {
        into.push(line);
        onLine?.(line);
      }
    };
    const code = await main(args, { out: sink(stdout), err: sink(stderr), cwd: repo, ...hooks });
    return { code, stdout, stderr };
  }

  it('triggers: explains a push and exits 0 when the flow would run, 5 when not', async () => {
    await commit(repo, { 'src/app.ts': '2\n' }, 'Code');
    const yes = await cli(['triggers', 'release-development.json']);
    assert.equal(yes.code, 0, yes.stderr.join('\n'));
    assert.match(yes.stdout.join('\n'), /✔ branch-rules Rule 1 'main' of branchRestrictions matches branch 'main'\./);
    assert.equal(yes.stdout[yes.stdout.length - 1], "Would run: trigger 'main-push' fires.");
    await commit(repo, { 'README.md': 'docs\n' }, 'Docs');
    const no = await cli(['triggers', 'release-development.json', '--push', 'HEAD~1..HEAD']);
    assert.equal(no.code, 5);
    assert.match(no.stdout.join('\n'), /dropped README.md: ignored by rule 1 '\*.md'/);
  });

  it('triggers --json: the whole evaluation; --pr with --draft and --pr-id', async () => {
    git(repo, 'checkout', '-q', '-b', 'feature/x');
    const head = await commit(repo, { 'src/x.ts': '1\n' }, 'X');
    git(repo, 'checkout', '-q', 'main');
    const ready = await cli(['triggers', 'release-development.json', '--pr', 'feature/x', '--pr-id', '9', '--json']);
    assert.equal(ready.code, 0);
    const json = JSON.parse(ready.stdout.join('\n')) as { wouldRun: boolean; event: { type: string; changedFiles: string[] }; triggers: { values: unknown; checks: { check: string; ok: boolean }[] }[] };
    assert.equal(json.wouldRun, true);
    assert.deepEqual(json.event.changedFiles, ['src/x.ts']);
    assert.deepEqual(json.triggers[0]?.values, { branch: 'feature/x', sha: head, repoUrl: 'https://github.com/acme/shop', pullRequestId: 9 });
    assert.deepEqual(json.triggers[0]?.checks.map((c) => [c.check, c.ok]), [['repository', true], ['pr-rules', true], ['path-rules', true], ['ci-flags', true]]);
    const draft = await cli(['triggers', 'release-development.json', '--pr', 'feature/x', '--draft']);
    assert.equal(draft.code, 5);
    assert.match(draft.stdout.join('\n'), /✖ draft {8}The pull request is a draft and ignoreDrafts is on\./);
  });

  it('triggers: Git problems and bad flags exit 2 with a clear message', async () => {
    git(repo, 'checkout', '-q', '--detach');
    const detached = await cli(['triggers', 'release-development.json']);
    assert.equal(detached.code, 2);
    assert.match(detached.stderr.join('\n'), /HEAD is detached at [0-9a-f]{7}, so a push has no branch/);
    const unknown = await cli(['triggers', 'release-development.json', '--pr', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr.join('\n'), /There is no branch 'nope'/);
    assert.equal((await cli(['triggers', 'release-development.json', '--pr', 'a', '--tag', 'b'])).code, 2);
    assert.equal((await cli(['triggers', 'release-development.json', '--draft'])).code, 2);
    const plain = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-norepo-'));
    try {
      await fs.writeFile(path.join(plain, 'release-development.json'), FLOW);
      const outside = await main(['triggers', 'release-development.json'], { out: () => undefined, err: () => undefined, cwd: plain });
      assert.equal(outside, 2);
    } finally {
      await removeDir(plain);
    }
  });

  it('simulate push runs the flow with the event as trigger values; paused or not triggered exits 5', async () => {
    const sha = await commit(repo, { 'src/app.ts': '2\n' }, 'Code');
    const run = await cli(['simulate', 'push', 'release-development.json', '--scenario', 'instant.json']);
    assert.equal(run.code, 0, run.stderr.join('\n'));
    assert.match(run.stdout.join('\n'), new RegExp(`trigger main-push: main @ ${sha.slice(0, 7)}`));
    const { store } = await RunStore.open(path.join(repo, STATE_FOLDER));
    assert.equal((await store.list()).runs.length, 1);

    const paused = await cli(['pause', 'release-development.json']);
    assert.equal(paused.code, 0);
    assert.match(paused.stdout[0] ?? '', /^Paused the triggers of release-development.json/);
    const refused = await cli(['simulate', 'push', 'release-development.json', '--scenario', 'instant.json']);
    assert.equal(refused.code, 5);
    assert.match(refused.stdout.join('\n'), /but the flow's triggers are paused/);
    assert.equal((await cli(['run', 'release-development.json', '--scenario', 'instant.json'])).code, 0, 'manual runs still work while paused');
    assert.equal((await cli(['resume', 'release-development.json'])).code, 0);
    assert.equal((await cli(['simulate', 'push', 'release-development.json', '--scenario', 'instant.json'])).code, 0);
    assert.equal((await store.list()).runs.length, 3);

    await commit(repo, { 'docs.md': 'x\n' }, 'Docs only');
    assert.equal((await cli(['simulate', 'push', 'release-development.json', 'HEAD~1..HEAD'])).code, 5);
  });

  it('simulate pr --json: the evaluation line, then the run events with the PR id', async () => {
    git(repo, 'checkout', '-q', '-b', 'feature/pay');
    await commit(repo, { 'src/pay.ts': '1\n' }, 'Pay');
    const result = await cli(['simulate', 'pr', 'release-development.json', 'feature/pay', '--base', 'main', '--pr-id', '31', '--scenario', 'instant.json', '--json']);
    assert.equal(result.code, 0, result.stderr.join('\n'));
    const events = result.stdout.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; run?: { triggers: Record<string, { pullRequestId: number }> }; request?: unknown });
    assert.equal(events[0]?.type, 'trigger-evaluation');
    const started = events.find((e) => e.type === 'run-started');
    assert.equal(started?.run?.triggers['main-push']?.pullRequestId, 31);
    assert.ok(events.some((e) => e.type === 'node-status' && JSON.stringify(e.request ?? '').includes('for feature/pay 31')));
    assert.equal((await cli(['simulate', 'pr', 'release-development.json'])).code, 2, 'the head branch is required');
    const overridden = await cli(['simulate', 'pr', 'release-development.json', 'feature/pay', '--base', 'main', '--scenario', 'instant.json', '--json',
      '--override', 'notify.spec={"webhookUrl":"https://hooks.example.com/y","message":"overridden"}']);
    assert.equal(overridden.code, 0, overridden.stderr.join('\n'));
    assert.ok(overridden.stdout.some((l) => l.startsWith('{') && l.includes('"node-status"') && l.includes('"message":"overridden"')), 'simulate passes --override to the run');
  });

  /** Starts `webhook` with `args`, sends one GET with `query`, waits for the run's report line, then stops it with Ctrl-C. */
  async function oneWebhookRun(args: string[], query = ''): Promise<{ url: string; status: number; line: string; outcome: Outcome }> {
    let interrupt = (): void => undefined;
    let urlSeen: (url: string) => void = () => undefined;
    const url = new Promise<string>((resolve) => (urlSeen = resolve));
    let finishedSeen: (line: string) => void = () => undefined;
    const finished = new Promise<string>((resolve) => (finishedSeen = resolve));
    const running = cli(['webhook', ...args], {
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => undefined;
      },
    }, (line) => {
      const match = /^\s+(http:\/\/127\.0\.0\.1:\d+\/release-flows\/\S+)$/.exec(line);
      if (match) urlSeen(match[1] as string);
      if (/^run [0-9a-f]{8} (success|failure)/.test(line)) finishedSeen(line);
    });
    const { status } = await fetch(`${await url}${query}`);
    const line = await finished;
    interrupt();
    return { url: await url, status, line, outcome: await running };
  }

  it('webhook: prints its loopback URL, runs on a request, and stops cleanly on Ctrl-C', async () => {
    const { url, status, line, outcome } = await oneWebhookRun(['release-development.json', '--scenario', 'instant.json'], '?who=cli');
    assert.equal(status, 200);
    assert.match(line, /^run [0-9a-f]{8} success/);
    assert.equal(outcome.code, 0);
    assert.ok(outcome.stderr.some((l) => /GET \/release-flows\/\*\*\* → 200 run [0-9a-f-]{36}/.test(l)), outcome.stderr.join('\n'));
    const log = await fs.readFile(path.join(repo, STATE_FOLDER, 'webhook.log'), 'utf8');
    assert.equal(log.trim().split('\n').length, 1);
    assert.ok(!log.includes(url.split('/').pop() as string), 'the log never holds the token');
  });

  it('webhook --approve REF: nobody is asked in a webhook run, so only the Approval nodes named are approved; an unknown ref is a usage error', async () => {
    const approvalFlow = flow([{ kind: 'Approval', ref: 'sign-off', spec: { amount: 1 } }, { kind: 'Approval', ref: 'second', spec: { amount: 1 } }]);
    await fs.writeFile(path.join(repo, 'release-approval.json'), approvalFlow);
    const both = await oneWebhookRun(['release-approval.json', '--scenario', 'instant.json', '--approve', 'sign-off', '--approve', 'second']);
    assert.match(both.line, /^run [0-9a-f]{8} success/);
    const one = await oneWebhookRun(['release-approval.json', '--scenario', 'instant.json', '--approve', 'sign-off']);
    assert.match(one.line, /^run [0-9a-f]{8} failure: second failed: second \(1 approval\) needs 1 approval and nobody can give them here/);
    const shown = await cli(['runs', 'show', 'latest']);
    assert.match(shown.stdout.join('\n'), /sign-off approved by --approve/);
    const unknown = await cli(['webhook', 'release-approval.json', '--approve', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr.join('\n'), /--approve nope: no Approval node has the ref 'nope' \(Approval nodes: sign-off, second\)/);
    const watchUnknown = await cli(['watch', 'release-approval.json', '--approve', 'nope']);
    assert.equal(watchUnknown.code, 2);
  });

  it('watch: a commit starts a run; Ctrl-C stops', async () => {
    let interrupt = (): void => undefined;
    let watching: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (watching = resolve));
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const running = cli(['watch', 'release-development.json', '--debounce', '20', '--scenario', 'instant.json'], {
      onInterrupt: (handler) => {
        interrupt = handler;
        return () => undefined;
      },
    }, (line) => {
      if (line.startsWith('Watching')) watching();
      if (/^run [0-9a-f]{8} success/.test(line)) done();
    });
    await ready;
    await commit(repo, { 'src/app.ts': 'watched\n' }, 'Watched commit');
    await finished;
    interrupt();
    const outcome = await running;
    assert.equal(outcome.code, 0);
    assert.match(outcome.stdout.join('\n'), /Would run: trigger 'main-push' fires\./);
  });
});
