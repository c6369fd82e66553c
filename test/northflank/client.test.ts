import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformClient, PlatformError, pollDelay } from '../../core/northflank/client';
import { resolveCredentials, CredentialsError, sendsTokenInClear } from '../../core/northflank/credentials';
import { FakePlatform } from '../../core/northflank/fakePlatform';
import { followRun, RemoteRunTracker } from '../../core/northflank/remoteRuns';
import type { PlatformTarget } from '../../core/northflank/target';

const TOKEN = 'nf-test-token-5c1e7a';
const TARGET: PlatformTarget = { project: 'shop', pipeline: 'shop-pipeline', stage: 'Development' };
const FLOW = { apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Build', ref: 'build', spec: { id: 'builder', type: 'service', branch: 'main' } }] } } };

describe('northflank client (against the fake platform)', () => {
  let fake: FakePlatform;
  const notices: string[] = [];
  const client = (token = TOKEN, source = 'NORTHFLANK_TOKEN'): PlatformClient =>
    new PlatformClient({ token, source, baseUrl: fake.url }, { retryDelaysMs: [5, 10, 20], onNotice: (m) => notices.push(m) });

  beforeEach(async () => {
    notices.length = 0;
    fake = await FakePlatform.start({ tokens: [TOKEN], readOnlyTokens: ['read-only-token'] });
    fake.setFlow(TARGET, FLOW);
    fake.setFlow({ ...TARGET, team: 'team-a' }, { ...FLOW, description: 'team flow' });
    fake.addPipeline(TARGET, [{ id: 'builder', type: 'service', stage: 'Development' }]);
  });
  afterEach(async () => fake.close());

  it('gets and updates a release flow, with Bearer auth, on project and team paths', async () => {
    const nf = client();
    const flow = await nf.getReleaseFlow(TARGET);
    assert.equal(flow.apiVersion, 'v1.2');
    assert.equal(typeof flow.updatedAt, 'string');
    assert.equal(flow.stage, 'Development');
    assert.equal(fake.log[0]?.authorization, `Bearer ${TOKEN}`);
    assert.equal(fake.log[0]?.path, '/v1/projects/shop/pipelines/shop-pipeline/release-flows/Development');
    const team = await nf.getReleaseFlow({ ...TARGET, team: 'team-a' });
    assert.equal((team as { description?: string }).description, 'team flow');
    assert.equal(fake.log[1]?.path, '/v1/teams/team-a/projects/shop/pipelines/shop-pipeline/release-flows/Development');
    await nf.updateReleaseFlow(TARGET, { ...FLOW, description: 'changed' } as never);
    assert.equal((fake.flowOf(TARGET) as { description?: string }).description, 'changed');
    assert.equal(nf.requests, 3);
    assert.equal(nf.rateLimit.limit, 1000);
    assert.equal(nf.rateLimit.remaining, 997);
  });

  it('tells onRequest what each request asks, and when it is answered (for the CLI\'s waiting line)', async () => {
    const seen: string[] = [];
    const nf = new PlatformClient({ token: TOKEN, source: 'NORTHFLANK_TOKEN', baseUrl: fake.url }, {
      onRequest: (what) => {
        seen.push(`sent: ${what}`);
        return () => seen.push(`answered: ${what}`);
      },
    });
    await nf.getReleaseFlow(TARGET);
    seen.push('returned');
    await assert.rejects(nf.getReleaseFlow({ ...TARGET, stage: 'Nowhere' }));
    assert.deepEqual(seen, ['sent: get the release flow', 'answered: get the release flow', 'returned', 'sent: get the release flow', 'answered: get the release flow']);
  });

  it('runs, lists, reads and aborts runs, and reads the pipeline', async () => {
    const nf = client();
    const answer = (await nf.runReleaseFlow(TARGET, { name: 'First run', arguments: { A: '1' } })) as { id: string };
    assert.match(answer.id, /^[0-9a-f-]{36}$/);
    const page = await nf.listRuns(TARGET, { perPage: 10 });
    assert.deepEqual(page.runs.map((r) => r.id), [answer.id]);
    const details = await nf.getRun(TARGET, answer.id);
    assert.equal(details.name, 'First run');
    assert.equal((details.arguments as Record<string, string>).A, '1');
    await nf.abortRun(TARGET, answer.id);
    const aborted = await nf.getRun(TARGET, answer.id);
    assert.equal(aborted.status, 'aborted');
    // No workflow is left running: it follows its aborted step.
    const root = aborted.spec as { response?: { status?: string } };
    assert.equal(root.response?.status, 'aborted');
    const pipeline = await nf.getPipeline(TARGET);
    assert.deepEqual(pipeline.nfObjects, [{ id: 'builder', type: 'service', stage: 'Development' }]);
  });

  it('401 names where the token came from, never the token', async () => {
    const nf = client('wrong-token-value-xyz', "the northflank CLI's context \"work\" (/home/u/.northflank/config.json)");
    await assert.rejects(nf.getReleaseFlow(TARGET), (error: PlatformError) => {
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /rejected the API token from the northflank CLI's context "work"/);
      assert.doesNotMatch(error.message, /wrong-token-value-xyz/);
      return true;
    });
  });

  it('403 says the token may not do it, naming its source', async () => {
    const nf = client('read-only-token');
    await nf.getReleaseFlow(TARGET);
    await assert.rejects(nf.runReleaseFlow(TARGET, {}), (error: PlatformError) => error.kind === 'forbidden' && /from NORTHFLANK_TOKEN may not start a run \(403/.test(error.message) && !error.message.includes('read-only-token'));
  });

  it('404 names the project, pipeline and stage (and the run)', async () => {
    const nf = client();
    await assert.rejects(nf.getReleaseFlow({ ...TARGET, stage: 'Production' }), /Not found on the platform: project shop, pipeline shop-pipeline, stage Production \(404/);
    await assert.rejects(nf.getRun(TARGET, 'no-such-run'), /run no-such-run of project shop, pipeline shop-pipeline, stage Development/);
  });

  it('429: waits for a reset under a minute, then goes on', async () => {
    const nf = client();
    fake.setRateLimit(0, 1);
    const flow = await nf.getReleaseFlow(TARGET);
    assert.equal(flow.apiVersion, 'v1.2');
    assert.equal(fake.log.filter((r) => r.status === 429).length >= 1, true);
    assert.match(notices.join('\n'), /Rate limited by the platform \(1000 requests an hour\): waiting 1 s/);
  });

  it('429 with a reset a minute or more away fails at once', async () => {
    const nf = client();
    fake.setRateLimit(0, 3000);
    await assert.rejects(nf.getReleaseFlow(TARGET), (error: PlatformError) => error.kind === 'rate-limit' && /resets in 3000 s/.test(error.message));
    assert.equal(fake.log.length, 1);
  });

  it('5xx answers are retried with backoff, then fail', async () => {
    const nf = client();
    fake.inject({ status: 500, count: 2 });
    assert.equal((await nf.getReleaseFlow(TARGET)).apiVersion, 'v1.2');
    assert.equal(fake.log.length, 3);
    fake.inject({ status: 503, count: 10 });
    await assert.rejects(nf.getReleaseFlow(TARGET), (error: PlatformError) => error.kind === 'server' && /after 4 attempts \(503/.test(error.message));
    assert.match(notices.join('\n'), /retrying in 0\.0 s \(attempt 2 of 4\)/);
  });

  it('a run request is not sent again after a 5xx: it may have started', async () => {
    const nf = client();
    fake.inject({ status: 500, count: 1, match: (method) => method === 'POST' });
    await assert.rejects(nf.runReleaseFlow(TARGET, {}), /may or may not have been done/);
    assert.equal(fake.log.length, 1);
  });

  it('network failures are retried, then fail naming the address', async () => {
    const nf = client();
    fake.inject({ status: 'drop', count: 1 });
    assert.equal((await nf.getReleaseFlow(TARGET)).apiVersion, 'v1.2');
    // Retried by this client's policy (said, and counted), not silently by the official client's own loop.
    assert.equal(fake.log.length, 2);
    assert.match(notices.join('\n'), /to get the release flow: ECONNRESET; retrying in 0\.0 s \(attempt 2 of 4\)/);
    fake.inject({ status: 'drop', count: 100 });
    await assert.rejects(nf.getReleaseFlow(TARGET), /ECONNRESET \(after 4 attempts\)/);
    assert.equal(fake.log.length, 6, 'one send per attempt: 4 attempts, 4 requests');
    const url = fake.url;
    await fake.close();
    const gone = new PlatformClient({ token: TOKEN, source: 'NORTHFLANK_TOKEN', baseUrl: url }, { retryDelaysMs: [5, 5] });
    await assert.rejects(gone.getReleaseFlow(TARGET), (error: PlatformError) => error.kind === 'network' && error.message.includes(url) && /ECONNREFUSED \(after 3 attempts\)/.test(error.message));
    assert.equal(gone.requests, 3);
    fake = await FakePlatform.start({ tokens: [TOKEN] });
  });

  it('(the official client alone sends a request 4 times when its connection drops: why PlatformClient refuses the resends)', async () => {
    const { ApiClient, ApiClientInMemoryContextProvider } = await import('@northflank/js-client');
    const provider = new ApiClientInMemoryContextProvider();
    provider.addContext({ name: 'raw', token: TOKEN, host: fake.url }, true);
    const raw = new ApiClient(provider, { throwErrorOnHttpErrorCode: false });
    fake.inject({ status: 'drop', count: 100 });
    await assert.rejects(raw.run.releaseFlow({ parameters: { projectId: TARGET.project, pipelineId: TARGET.pipeline, stage: TARGET.stage }, data: {} }));
    assert.equal(fake.log.filter((r) => r.method === 'POST').length, 4);
  });

  it('a run request whose connection drops is sent once, and the message says it may have started', async () => {
    const nf = client();
    fake.inject({ status: 'drop', count: 1, match: (method) => method === 'POST' });
    await assert.rejects(nf.runReleaseFlow(TARGET, {}), (error: PlatformError) => error.kind === 'network' && /to start a run: ECONNRESET\. It may or may not have been done: check with release-flow remote runs <file> list\.$/.test(error.message));
    // The official client would send it again by itself (and start the run) after a dropped connection.
    assert.equal(fake.log.filter((r) => r.method === 'POST').length, 1);
    assert.equal(fake.runsOf(TARGET).length, 0);
  });

  it('a run request answered with a body that is not JSON is not sent again, and may have started', async () => {
    const nf = client();
    fake.inject({ status: 502, count: 1, body: '<html>Bad gateway</html>', match: (method) => method === 'POST' });
    await assert.rejects(nf.runReleaseFlow(TARGET, {}), /answered 502 to "start a run" with a body that is not JSON \(is http:\/\/127\.0\.0\.1:\d+ the API\?\)\. It may or may not have been done/);
    fake.inject({ status: 200, count: 1, body: 'OK', match: (method) => method === 'POST' });
    await assert.rejects(nf.runReleaseFlow(TARGET, {}), /answered 200 to "start a run" .*It may or may not have been done/);
    assert.equal(fake.log.filter((r) => r.method === 'POST').length, 2);
  });

  it('429 waits only for the reset of that answer, not one kept from an earlier answer', async () => {
    const nf = client();
    fake.setRateLimit(500, 1);
    await nf.getReleaseFlow(TARGET);
    assert.equal(nf.rateLimit.resetSeconds, 1);
    // A 429 without rate-limit headers: when it resets is unknown, so it fails instead of waiting a stale second.
    fake.inject({ status: 429, count: 1 });
    await assert.rejects(nf.getReleaseFlow(TARGET), (error: PlatformError) => error.kind === 'rate-limit' && /resets in an unknown number of s/.test(error.message));
    assert.equal(fake.log.length, 2);
  });

  it('an answer that is not JSON is a clear error', async () => {
    const nf = client();
    fake.inject({ status: 400, count: 1, body: '<html>proxy</html>' });
    await assert.rejects(nf.getReleaseFlow(TARGET), /answered 400 to "get the release flow" with a body that is not JSON/);
  });

  it('lists runs page by page with cursors (per_page, hasNextPage, cursor)', async () => {
    for (let i = 0; i < 7; i++) fake.addConcludedRun(TARGET, 'success', `2026-01-0${i + 1}T00:00:00.000Z`);
    const nf = client();
    const first = await nf.listRuns(TARGET, { perPage: 3 });
    assert.equal(first.runs.length, 3);
    assert.equal(first.hasNextPage, true);
    assert.equal(first.runs[0]?.createdAt, '2026-01-07T00:00:00.000Z');
    const second = await nf.listRuns(TARGET, { perPage: 3, cursor: first.cursor as string });
    const third = await nf.listRuns(TARGET, { perPage: 3, cursor: second.cursor as string });
    assert.deepEqual(third.runs.map((r) => r.createdAt), ['2026-01-01T00:00:00.000Z']);
    assert.equal(third.hasNextPage, false);
    const byPage = await nf.listRuns(TARGET, { perPage: 3, page: 2 });
    assert.deepEqual(byPage.runs.map((r) => r.id), second.runs.map((r) => r.id));
  });

  it('following a run polls at the base interval, and slower once the rate limit runs low', async () => {
    const nf = client();
    const { id } = (await nf.runReleaseFlow(TARGET, {})) as { id: string };
    const waits: number[] = [];
    const tracker = new RemoteRunTracker({ flowFile: '/repo/release-development.json', target: TARGET });
    const outcome = await followRun(nf, TARGET, id, tracker, { pollMs: 7, onEvent: () => undefined, sleep: async (ms) => void waits.push(ms) });
    assert.deepEqual(outcome, { result: 'concluded', status: 'success' });
    assert.ok(waits.length > 0 && !waits.some((ms) => ms !== 7), waits.join(','));
    // About 50 requests left for 100 s: those usable (10 are kept for an abort and the last reads) are spread over the 100 s.
    fake.setRateLimit(50, 100);
    waits.length = 0;
    const second = (await nf.runReleaseFlow(TARGET, {})) as { id: string };
    await followRun(nf, TARGET, second.id, new RemoteRunTracker({ flowFile: '/repo/release-development.json', target: TARGET }), { pollMs: 7, onEvent: () => undefined, sleep: async (ms) => void waits.push(ms) });
    assert.ok(waits.length > 0 && waits.every((ms) => ms >= 2_400 && ms <= 3_500), waits.join(','));
  });

  it('pollDelay: about 2 s while the budget is plentiful, spread until the reset when it runs low', () => {
    assert.equal(pollDelay(2000, {}), 2000);
    assert.equal(pollDelay(2000, { limit: 1000, remaining: 900, resetSeconds: 3000 }), 2000);
    assert.equal(pollDelay(2000, { limit: 1000, remaining: 110, resetSeconds: 1000 }), 10_000);
    assert.equal(pollDelay(2000, { limit: 1000, remaining: 5, resetSeconds: 30 }), 31_000);
  });
});

describe('northflank credentials', () => {
  let home: string;
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-home-'));
  });
  afterEach(async () => fs.rm(home, { recursive: true, force: true }));

  it('NORTHFLANK_TOKEN first, with NORTHFLANK_API_URL', async () => {
    const c = await resolveCredentials({ NORTHFLANK_TOKEN: 'abc', NORTHFLANK_API_URL: 'http://127.0.0.1:9/' }, home);
    assert.deepEqual(c, { token: 'abc', source: 'NORTHFLANK_TOKEN', baseUrl: 'http://127.0.0.1:9' });
    // Without NORTHFLANK_API_URL (and no CLI context): the platform's public API.
    assert.equal((await resolveCredentials({ NORTHFLANK_TOKEN: 'abc' }, home)).baseUrl, 'https://api.northflank.com');
  });

  it("else the northflank CLI's current context (~/.northflank/config.json), its host as base URL", async () => {
    await fs.mkdir(path.join(home, '.northflank'));
    await fs.writeFile(path.join(home, '.northflank', 'config.json'), JSON.stringify({ current: 'work', contexts: [{ name: 'home', token: 't1', host: 'https://a' }, { name: 'work', token: 't2', host: 'https://api.example.com' }] }));
    const c = await resolveCredentials({}, home);
    assert.equal(c.token, 't2');
    assert.equal(c.baseUrl, 'https://api.example.com');
    assert.match(c.source, /context "work"/);
    assert.equal((await resolveCredentials({ NORTHFLANK_API_URL: 'http://x' }, home)).baseUrl, 'http://x');
  });

  it('the API URL must be an absolute http(s) URL; plain http to another machine is flagged', async () => {
    await assert.rejects(resolveCredentials({ NORTHFLANK_TOKEN: 't', NORTHFLANK_API_URL: 'api.example.com' }, home), /'api.example.com' is not an absolute URL/);
    await assert.rejects(resolveCredentials({ NORTHFLANK_TOKEN: 't', NORTHFLANK_API_URL: 'ftp://x' }, home), /is not http or https/);
    assert.equal(sendsTokenInClear('http://127.0.0.1:8080'), false);
    assert.equal(sendsTokenInClear('https://api.northflank.com'), false);
    assert.equal(sendsTokenInClear('http://api.example.com'), true);
  });

  it('no token anywhere: says how to give one', async () => {
    await assert.rejects(resolveCredentials({}, home), (error: Error) => error instanceof CredentialsError && /set NORTHFLANK_TOKEN, or log in with the northflank CLI/.test(error.message));
  });
});
