import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import { SimpleGitProvider } from '../../core/git/repository';
import { RunStore } from '../../core/runs/store';
import { readPauseState, setPaused } from '../../core/triggers/pause';
import { startWebhookServer, type WebhookLogEntry, type WebhookServer, type WebhookServerOptions } from '../../core/webhook/server';
import { parseWebhookParams } from '../../core/webhook/params';
import { tokenMatches, webhookToken } from '../../core/webhook/tokens';
import { flow, git, removeDir, tempRepo, timed } from '../runner/helpers';

const REPO_URL = 'https://github.com/acme/shop';

function webhookFlow(policy: string, message = 'deploy ${refs.main-push.branch} ${refs.main-push.sha} for ${args.who}'): string {
  return flow(
    [{ kind: 'Message', ref: 'notify', spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message } } }],
    { triggers: [{ ref: 'main-push', vcsService: 'github', repoUrl: REPO_URL, branchRestrictions: ['main'] }], options: { concurrencyPolicy: policy }, arguments: { who: 'nobody' } },
  );
}

interface Fixture {
  dir: string;
  flowFile: string;
  store: RunStore;
  clock: VirtualClock;
  server: WebhookServer;
  logs: WebhookLogEntry[];
  /** Stops virtual time until the returned function is called: runs started meanwhile stay in their first node. */
  freeze(): () => void;
}

async function setup(policy: string, options: Partial<WebhookServerOptions> = {}, message?: string): Promise<Fixture> {
  const dir = await tempRepo({ 'release-development.json': webhookFlow(policy, message) });
  const flowFile = path.join(dir, 'release-development.json');
  const { store } = await RunStore.open(path.join(dir, '.release-flow'));
  const clock = new VirtualClock();
  const logs: WebhookLogEntry[] = [];
  const { token } = await webhookToken(store.folder, '/release-development.json');
  const server = await startWebhookServer({
    flowFile, token, env: { clock, ids: new SeededIds(7), git: new SimpleGitProvider(dir), store },
    runDefaults: { scenario: timed({ Message: '60s' }) },
    pause: () => readPauseState(store.folder, '/release-development.json', false),
    now: () => 0,
    log: (entry) => logs.push(entry),
    ...options,
  });
  return {
    dir, flowFile, store, clock, server, logs,
    freeze: () => {
      let release = (): void => undefined;
      void clock.track(new Promise<void>((resolve) => (release = resolve)));
      return release;
    },
  };
}

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe('webhook: real HTTP on 127.0.0.1', () => {
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.server.close();
    await removeDir(fixture?.dir);
    fixture = undefined;
  });

  it('serves on loopback only, with a random token kept in the state folder and compared in constant time', async () => {
    fixture = await setup('allow');
    assert.match(fixture.server.url, /^http:\/\/127\.0\.0\.1:\d+\/release-flows\/[A-Za-z0-9_-]{43}$/);
    const again = await webhookToken(fixture.store.folder, '/release-development.json');
    assert.equal(again.created, false);
    assert.ok(fixture.server.url.endsWith(again.token), 'the token survives a restart');
    const rotated = await webhookToken(fixture.store.folder, '/release-development.json', { rotate: true });
    assert.notEqual(rotated.token, again.token);
    assert.equal(((await fs.stat(path.join(fixture.store.folder, 'webhook.json'))).mode & 0o777).toString(8), '600');
    assert.equal(tokenMatches(again.token, again.token), true);
    assert.equal(tokenMatches(again.token.slice(0, -1), again.token), false);
  });

  it('a wrong token or another path gets a bare 404; other methods 405', async () => {
    fixture = await setup('allow');
    const base = fixture.server.url.replace(/[^/]+$/, '');
    for (const url of [`${base}wrong-token`, `${base}`, fixture.server.url.replace('/release-flows/', '/release-flow/'), `${fixture.server.url}x`]) {
      const reply = await call(url);
      assert.equal(reply.status, 404, url);
      assert.deepEqual(reply.body, { status: 'not-found' });
    }
    const put = await call(fixture.server.url, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
    assert.deepEqual(await fixture.store.list().then((l) => l.runs), [], 'nothing ran');
  });

  it('GET: trigger overrides reach ${refs}, other parameters ${args}, name and description the run', async () => {
    fixture = await setup('allow');
    git(fixture.dir, 'checkout', '-q', '-b', 'feature');
    await fs.writeFile(path.join(fixture.dir, 'f.txt'), 'f\n');
    git(fixture.dir, 'add', '-A');
    git(fixture.dir, '-c', 'user.name=T', '-c', 'user.email=t@e.com', 'commit', '-q', '-m', 'feature work');
    const sha = git(fixture.dir, 'rev-parse', 'HEAD');
    const query = new URLSearchParams({ 'main-push.branch': 'feature', 'main-push.sha': sha, who: 'alice', name: 'From the webhook', description: 'A test run' });
    const reply = await call(`${fixture.server.url}?${query.toString().replace(/\./g, '%2E')}`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.status, 'running');
    const runId = reply.body.runId as string;
    assert.equal(reply.body.follow, `release-flow runs show ${runId}`);
    await fixture.server.idle();
    const record = await fixture.store.get(runId);
    assert.equal(record.status, 'success');
    assert.deepEqual(record.triggers['main-push'], { branch: 'feature', sha, repoUrl: REPO_URL, pullRequestId: null });
    assert.equal(record.arguments.who, 'alice');
    assert.equal(record.name, 'From the webhook');
    assert.equal(record.description, 'A test run');
    const notify = record.nodes.find((n) => n.ref === 'notify');
    assert.match(JSON.stringify(notify?.request), new RegExp(`deploy feature ${sha} for alice`));
    assert.ok(record.notes.some((n) => /Started by the webhook \(GET with main-push\.branch, main-push\.sha, who, name, description\)/.test(n.message)));
  });

  it('POST: a JSON or form body with the same keys, the query winning; oversized bodies get 413', async () => {
    fixture = await setup('allow', { maxBodyBytes: 1024 });
    const json = await call(`${fixture.server.url}?who=query`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ who: 'body', 'main-push.pullRequestId': 42 }) });
    assert.equal(json.status, 200, JSON.stringify(json.body));
    const form = await call(fixture.server.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'who=form' });
    assert.equal(form.status, 200);
    await fixture.server.idle();
    const first = await fixture.store.get(json.body.runId as string);
    assert.equal(first.arguments.who, 'query');
    assert.equal(first.triggers['main-push']?.pullRequestId, 42);
    assert.equal((await fixture.store.get(form.body.runId as string)).arguments.who, 'form');
    const big = await call(fixture.server.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ who: 'x'.repeat(2000) }) });
    assert.equal(big.status, 413);
    const xml = await call(fixture.server.url, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<who/>' });
    assert.equal(xml.status, 415);
  });

  it('takes run-time overrides: override= / release-override= parameters, or the API\'s objects in a JSON body', async () => {
    fixture = await setup('allow');
    const spec = encodeURIComponent('notify.spec={"kind":"RAW_WEBHOOK","spec":{"webhookUrl":"https://hooks.example.com/y","message":"from the query"}}');
    const query = await call(`${fixture.server.url}?override=${spec}`);
    assert.equal(query.status, 200, JSON.stringify(query.body));
    const body = { overrides: { notify: { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/y', message: 'from the body' } } } } };
    const json = await call(fixture.server.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(json.status, 200, JSON.stringify(json.body));
    await fixture.server.idle();
    const fromQuery = await fixture.store.get(query.body.runId as string);
    assert.match(JSON.stringify(fromQuery.nodes.find((n) => n.ref === 'notify')?.request), /from the query/);
    assert.deepEqual((await fixture.store.get(json.body.runId as string)).overrides, body);
    const bad = await call(`${fixture.server.url}?override=notify`);
    assert.equal(bad.status, 400);
    assert.match(bad.body.message as string, /expected override NAME\.FIELD=VALUE/);
    const notObject = await call(fixture.server.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ releaseNodeOverrides: ['x'] }) });
    assert.equal(notObject.status, 400);
  });

  it('bad parameters get 400 with the reason, a failing dry run 422; nothing runs', async () => {
    fixture = await setup('allow', {}, 'deploy ${refs.nowhere.sha}');
    const unknown = parseWebhookParams([['frontend.branch', 'x'], ['main-push.branch', 'dev']], ['main-push']);
    assert.deepEqual(unknown, { ok: true, params: { triggers: { 'main-push': { branch: 'dev' } }, args: { 'frontend.branch': 'x' } } }, 'x.branch of no trigger is an argument, as other parameters are');
    assert.equal((await call(`${fixture.server.url}?name=x`)).status, 400);
    assert.equal((await call(`${fixture.server.url}?main-push.pullRequestId=abc`)).status, 400);
    const dry = await call(fixture.server.url);
    assert.equal(dry.status, 422);
    assert.equal(dry.body.status, 'dry-run-failed');
    assert.ok((dry.body.problems as unknown[]).length > 0);
    assert.deepEqual((await fixture.store.list()).runs, []);
  });

  it('answers 202 with a message while the triggers are paused, and runs again once resumed', async () => {
    fixture = await setup('allow');
    await setPaused(fixture.store.folder, '/release-development.json', true, false);
    const paused = await call(fixture.server.url);
    assert.equal(paused.status, 202);
    assert.equal(paused.body.status, 'paused');
    assert.match(paused.body.message as string, /triggers are paused, so the request did not start a run\. Paused locally at .* Manual runs still work\./);
    assert.deepEqual((await fixture.store.list()).runs, []);
    await setPaused(fixture.store.folder, '/release-development.json', false, false);
    assert.equal((await call(fixture.server.url)).status, 200);
  });

  it('queue: an overlapping request is queued (visible in the answer) and runs after the first, in order', async () => {
    fixture = await setup('queue');
    const release = fixture.freeze();
    const first = await call(fixture.server.url);
    const second = await call(fixture.server.url);
    assert.equal(first.body.status, 'running');
    assert.equal(second.status, 200);
    assert.equal(second.body.status, 'queued');
    assert.match(second.body.message as string, /queued behind 1 run\(s\)/);
    assert.deepEqual(second.body.queue, [{ runId: first.body.runId, status: 'running' }, { runId: second.body.runId, status: 'queued' }]);
    release();
    await fixture.server.idle();
    const a = await fixture.store.get(first.body.runId as string);
    const b = await fixture.store.get(second.body.runId as string);
    assert.equal(a.status, 'success');
    assert.equal(b.status, 'success');
    assert.ok((b.startedAt ?? '') >= (a.concludedAt ?? '~'), `${b.startedAt} starts after ${a.concludedAt}`);
  });

  it('forbid: an overlapping request is refused with 409 and a message; nothing is recorded for it', async () => {
    fixture = await setup('forbid');
    const release = fixture.freeze();
    const first = await call(fixture.server.url);
    const second = await call(fixture.server.url);
    release();
    assert.equal(first.status, 200);
    assert.equal(second.status, 409);
    assert.equal(second.body.status, 'refused');
    assert.match(second.body.message as string, /concurrencyPolicy is 'forbid' and run [0-9a-f]{8} of this flow is still running/);
    assert.deepEqual(second.body.activeRuns, [first.body.runId]);
    await fixture.server.idle();
    assert.deepEqual((await fixture.store.list()).runs.map((r) => r.id), [first.body.runId]);
  });

  it('limits the request rate (429 with Retry-After) and logs every request with the token masked', async () => {
    fixture = await setup('allow', { rate: { perMinute: 1, burst: 2 } });
    const token = fixture.server.url.split('/').pop() as string;
    assert.equal((await call(`${fixture.server.url.replace(token, 'guess')}?secretValue=s3cr3t`)).status, 404);
    assert.equal((await call(fixture.server.url)).status, 200);
    const limited = await call(fixture.server.url);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '60');
    await fixture.server.idle();
    assert.deepEqual(fixture.logs.map((l) => [l.method, l.path, l.status]), [['GET', '/release-flows/***', 404], ['GET', '/release-flows/***', 200], ['GET', '/release-flows/***', 429]]);
    assert.deepEqual(fixture.logs[0]?.params, [], 'a refused request does not even get its parameters read');
    assert.ok(fixture.logs[1]?.runId);
    const logged = JSON.stringify(fixture.logs);
    assert.ok(!logged.includes(token) && !logged.includes('s3cr3t'), 'neither the token nor parameter values are logged');
  });

  it('close() aborts the runs still going and waits until they are recorded', async () => {
    fixture = await setup('allow');
    const release = fixture.freeze();
    const reply = await call(fixture.server.url);
    await fixture.server.close();
    release();
    assert.equal((await fixture.store.get(reply.body.runId as string)).status, 'aborted');
  });

  /** A request with exactly this request target (fetch would normalise it). */
  function rawRequest(port: number, target: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: target, method: 'GET' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('answers 404 to any request target that is not exactly /release-flows/<token>, and never logs the token in any form', async () => {
    fixture = await setup('allow');
    const token = fixture.server.url.split('/').pop() as string;
    const port = fixture.server.port;
    const encoded = token.replace(/[A-Za-z]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const targets = [
      `/./release-flows/${token}`,
      `/x/../release-flows/${token}`,
      `http://127.0.0.1:${port}/release-flows/${token}`,
      `/release-flows/${token}/`,
      `//release-flows/${token}`,
      `/release-flows/${encoded}`,
      `/other/${token}`,
    ];
    for (const target of targets) assert.equal(await rawRequest(port, target), 404, target);
    assert.equal(await rawRequest(port, `/release-flows/${token}?who=x`), 200);
    await fixture.server.idle();
    const logged = JSON.stringify(fixture.logs);
    assert.equal(fixture.logs.length, targets.length + 1);
    assert.ok(!logged.includes(token) && !logged.includes(encoded), logged);
    assert.ok(!logged.includes(token.slice(1)), 'not even most of it');
  });

  it('cuts a long parameter name in its answer and its log line', async () => {
    fixture = await setup('allow');
    const long = `${'t'.repeat(10_000)}.branch`;
    // An array is no parameter value: a 400 that names the parameter.
    const reply = await call(fixture.server.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ [long]: ['x'] }) });
    assert.equal(reply.status, 400);
    assert.ok((reply.body.message as string).length < 400, reply.body.message as string);
    assert.ok(JSON.stringify(fixture.logs).length < 1000);
  });

  it('a FIFO put in the flow file\'s place is refused at once (500 saying so), not read until the server stalls', async () => {
    fixture = await setup('allow');
    await fs.rm(fixture.flowFile);
    execFileSync('mkfifo', [fixture.flowFile]);
    const reply = await call(fixture.server.url);
    assert.equal(reply.status, 500);
    assert.equal(reply.body.message, 'Cannot read the flow: not a regular file (a FIFO).');
    assert.equal((await fixture.store.list()).runs.length, 0);
  });

  describe('under load', () => {
    const NO_LIMIT = { perMinute: 1_000_000, burst: 1_000_000 };

    it('50 concurrent requests of an allow flow are all answered 200 (requests queue in memory, not on the lock file)', async () => {
      fixture = await setup('allow', { rate: NO_LIMIT });
      const release = fixture.freeze();
      const replies = await Promise.all(Array.from({ length: 50 }, () => call(fixture!.server.url)));
      release();
      assert.deepEqual(replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${String(r.body.message)}`), []);
      await fixture.server.idle();
      assert.equal((await fixture.store.list()).runs.length, 50);
    });

    it('30 concurrent requests of a forbid flow start exactly one run; the others get 409, never 500', async () => {
      fixture = await setup('forbid', { rate: NO_LIMIT });
      const release = fixture.freeze();
      const replies = await Promise.all(Array.from({ length: 30 }, () => call(fixture!.server.url)));
      const statuses = replies.map((r) => r.status);
      assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(' '));
      assert.equal(statuses.filter((s) => s === 409).length, 29, statuses.join(' '));
      // A request arriving while the run goes on is refused too, not held until it ends.
      assert.equal((await call(fixture.server.url)).status, 409);
      release();
      await fixture.server.idle();
      assert.equal((await fixture.store.list()).runs.length, 1);
    });
  });
});
