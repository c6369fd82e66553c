import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SimpleGitProvider } from '../../core/git/repository';
import { formatRecord, formatStageState } from '../../cli/runView';
import { MemoryWorld, type World } from '../../core/simulation/world';
import { SimulatedPlatform } from '../../core/simulation/platform';
import { instantScenario } from '../../core/simulation/scenario';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import type { GitProvider } from '../../core/git/repository';
import { finishedStatus, flow, git, message, removeDir, repoRoot, runVirtual, tempRepo, timed, workflow } from './helpers';

/** A release-flow example of the platform's documentation, from the copy in test/fixtures. */
function referenceExample(where: string): Record<string, unknown> {
  const { examples } = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/reference-examples.json'), 'utf8')) as { examples: { where: string; flow: Record<string, unknown> }[] };
  const found = examples.find((e) => e.where === where);
  if (!found) throw new Error(`no example ${where}`);
  return found.flow;
}

/** Where the local runner agrees with the platform's documentation (issue 13). */
describe('runner fidelity', () => {
  const addonCondition = (ref: string, timeoutDuration: unknown): unknown => ({ kind: 'Condition', ref, spec: { kind: 'Addon', spec: { type: 'running', data: { addonId: 'shop-db', timeoutDuration } } } });
  const restart = (ref: string, { data, ...inner }: { data?: Record<string, unknown>; condition?: string }): unknown =>
    ({ kind: 'Action', ref, spec: { kind: 'Service', spec: { type: 'restart', data: { serviceId: 'shop-api', ...data }, ...inner } } });

  describe('timeouts outside the Release node have no 30..14400 range', () => {
    it('honours a Condition timeout of 10 s', async () => {
      // A parallel node still working keeps the wait to its deadline (alone, it would fail at once: item 12).
      const text = flow([addonCondition('wait-db', 10), message('slow')], {}, 'parallel');
      const run = await runVirtual(text, { scenario: timed({ Message: '300s' }, { resources: { 'addon:shop-db': { notRunningFor: '120s' } } }) });
      assert.equal(finishedStatus(run), 'failure');
      assert.equal(run.last('wait-db').error?.code, 'timeout');
      assert.equal(run.at('wait-db', 'failure'), 10_000);
    });

    it('refuses a timeout below 1 s before anything runs', async () => {
      const run = await runVirtual(flow([addonCondition('wait-db', '${args.T}')], { arguments: { T: 0 } }));
      assert.equal(run.outcome.result, 'dry-run');
      const problems = run.outcome.result === 'dry-run' ? run.outcome.problems : [];
      assert.match(problems.map((p) => p.message).join('\n'), /whole number of seconds, at least 1/);
    });
  });

  describe('Action nodes: inner condition and data.timeoutDuration', () => {
    it('waits for the inner condition, within data.timeoutDuration', async () => {
      const text = flow([restart('restart', { condition: 'running', data: { timeoutDuration: 60 } })]);
      const run = await runVirtual(text, { scenario: timed({ Action: '90s' }) });
      assert.equal(finishedStatus(run), 'failure');
      assert.deepEqual(run.statuses('restart'), ['running', 'waiting', 'failure']);
      assert.equal(run.last('restart').error?.code, 'timeout');
      // The restart ends at 90 s, past the 60 s timeout, and nothing else runs: it fails at once, saying so.
      assert.match(run.last('restart').error?.message ?? '', /90 s from now, after its timeout \(60 s\)/);
      assert.equal(run.at('restart', 'failure'), 0);
    });

    it('waits the action out when it finishes in time', async () => {
      const run = await runVirtual(flow([restart('restart', { condition: 'running', data: { timeoutDuration: 120 } }), message('next')]), { scenario: timed({ Action: '90s' }) });
      assert.equal(finishedStatus(run), 'success');
      assert.equal(run.at('restart', 'success'), 90_000);
    });

    it('without a condition, is done once the request is accepted', async () => {
      const run = await runVirtual(flow([restart('restart', {}), message('next')]), { scenario: timed({ Action: '90s' }) });
      assert.equal(finishedStatus(run), 'success');
      assert.deepEqual(run.statuses('restart'), ['running', 'success']);
      assert.equal(run.at('restart', 'success'), 0);
    });
  });

  describe('resources the flow names exist and run from the start (assumed)', () => {
    const jobRun = (ref: string, jobId: string): unknown => ({ kind: 'JobRun', ref, spec: { jobId }, condition: 'success' });
    const serviceRunning = (ref: string, serviceId: string): unknown => ({ kind: 'Condition', ref, spec: { kind: 'Service', spec: { type: 'running', data: { serviceId, timeoutDuration: 60 } } } });
    const promote = (ref: string, from: string, to: string): unknown => ({ kind: 'Release', ref, spec: { type: 'deployment', origin: { id: from, type: 'service' }, target: { id: to, type: 'service' } } });

    it('runs a job the run never released, and marks it assumed in the stage state', async () => {
      const run = await runVirtual(flow([jobRun('migrate', 'shop-migrate'), serviceRunning('api-up', 'shop-api')]));
      assert.equal(finishedStatus(run), 'success', JSON.stringify(run.last('migrate').error));
      const finished = run.events.find((e) => e.type === 'run-finished');
      const state = finished?.type === 'run-finished' ? finished.stageState : undefined;
      const job = state?.resources.find((r) => r.id === 'shop-migrate');
      assert.equal(job?.deployment?.assumed, true);
      assert.equal(job?.deployment?.status, 'running');
      assert.equal(state?.resources.find((r) => r.id === 'shop-api')?.deployment?.assumed, true);
      assert.ok(formatStageState(state!).some((line) => /shop-migrate +assumed to exist and run as on the platform \(image not known to the simulation\), running/.test(line)), formatStageState(state!).join('\n'));
      const notes = run.events.filter((e) => e.type === 'note').map((e) => (e.type === 'note' ? e.message : ''));
      assert.ok(notes.some((n) => /assumed/.test(n) && /job:shop-migrate/.test(n)), notes.join('\n'));
    });

    it('promotes from a previous-stage service the simulation never deployed', async () => {
      const run = await runVirtual(flow([promote('promote', 'shop-api-dev', 'shop-api-staging')]), { flowFile: '/virtual/release-staging.json' });
      assert.equal(finishedStatus(run), 'success', JSON.stringify(run.last('promote').error));
      const finished = run.events.find((e) => e.type === 'run-finished');
      const target = finished?.type === 'run-finished' ? finished.stageState.resources.find((r) => r.id === 'shop-api-staging') : undefined;
      assert.equal(target?.deployment?.runId, run.outcome.result === 'finished' ? run.outcome.record.id : 'x', 'released by this run');
      assert.equal(target?.deployment?.assumed, true, 'its image is the assumed one of the origin');
    });

    it('lets a scenario say a resource has nothing deployed', async () => {
      const run = await runVirtual(flow([jobRun('migrate', 'shop-migrate')]), { scenario: timed({}, { resources: { 'job:shop-migrate': { deployed: false } } }) });
      assert.equal(finishedStatus(run), 'failure');
      assert.equal(run.last('migrate').error?.code, 'nothing-deployed');
      assert.match(run.last('migrate').error?.message ?? '', /scenario/);
    });

    it('records the stage state once this run\'s rollouts settle: running, not deploying, after a successful run', async () => {
      const text = flow([{ kind: 'Release', ref: 'deploy', spec: { type: 'registry', origin: { imagePath: 'nginx:1.27' }, target: { id: 'shop-api', type: 'service' } } }]);
      const run = await runVirtual(text, { scenario: timed({ Release: '30s' }) });
      assert.equal(finishedStatus(run), 'success');
      const finished = run.events.find((e) => e.type === 'run-finished');
      const api = finished?.type === 'run-finished' ? finished.stageState.resources.find((r) => r.id === 'shop-api') : undefined;
      assert.equal(api?.deployment?.status, 'running');
      assert.equal(api?.deployment?.assumed, undefined, 'released by the run: not assumed');
    });
  });

  describe('the documentation\'s BranchCommitSelector example (configure-a-release-flow.md)', () => {
    let repo: string | undefined;
    afterEach(async () => removeDir(repo));

    it('deploys the build named by ${refs.start-build.id}, though its origin has no id: the build identifies its service', async () => {
      repo = await tempRepo({ 'src/app.js': 'console.log(1);\n' });
      const sha = git(repo, 'rev-parse', 'HEAD');
      const text = JSON.stringify(referenceExample('configure-a-release-flow.md:225'), null, 2);
      const run = await runVirtual(text, { git: new SimpleGitProvider(repo), flowFile: path.join(repo, 'release-development.json'), args: { RELEASE_BRANCH: 'main', RELEASE_SHA: sha }, scenario: timed({ Build: '60s' }) });
      const release = run.events.filter((e) => e.type === 'node-status' && e.kind === 'Release').pop();
      assert.equal(finishedStatus(run), 'success', JSON.stringify(release));
      const outputs = release?.type === 'node-status' ? (release.outputs as { internal: { nfObjectId: string; buildSHA: string; buildId: string } }) : undefined;
      assert.equal(outputs?.internal.nfObjectId, 'build-service');
      assert.equal(outputs?.internal.buildSHA, sha);
      assert.equal(outputs?.internal.buildId, (run.last('start-build').outputs as { id: string }).id);
    });

    it('still says what is missing when neither an id nor a build identifies the service', async () => {
      const text = flow([{ kind: 'Release', ref: 'r', spec: { type: 'build', origin: { branch: 'main' }, target: { id: 'api', type: 'service' } } }]);
      const run = await runVirtual(text);
      assert.equal(finishedStatus(run), 'failure');
      assert.match(run.last('r').error?.message ?? '', /spec\.origin\.id/);
    });
  });

  it('fn.toUpper(args.MISSING) is an error of that node, not "FALSE"', async () => {
    const run = await runVirtual(flow([message('note', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: 'tag ${fn.toUpper(args.MISSING)}' } } })]));
    assert.equal(run.outcome.result, 'dry-run');
    const problems = run.outcome.result === 'dry-run' ? run.outcome.problems : [];
    assert.deepEqual(problems.map((p) => [p.code, p.node]), [['unresolved-arg', 'note']]);
  });

  it('two parallel Releases of the latest build of one branch share one build', async () => {
    const repo = await tempRepo();
    try {
      const release = (ref: string, target: string): unknown => ({ kind: 'Release', ref, spec: { type: 'build', origin: { id: 'api-builder', branch: 'main', build: 'latest' }, target: { id: target, type: 'service' } } });
      const world = new MemoryWorld();
      const run = await runVirtual(flow([release('api', 'shop-api'), release('worker', 'shop-worker')], {}, 'parallel'), { git: new SimpleGitProvider(repo), world, flowFile: path.join(repo, 'release-development.json') });
      assert.equal(finishedStatus(run), 'success');
      const buildOf = (ref: string): string => (run.last(ref).outputs as { internal: { buildId: string } }).internal.buildId;
      assert.equal(buildOf('api'), buildOf('worker'));
      assert.equal((await world.read()).builds.length, 1);
    } finally {
      await removeDir(repo);
    }
  });

  it('shares the build even when both requests reach the platform while Git is still answering', async () => {
    // Real runs interleave at Git and the state file; a slow fake Git makes that happen here.
    const slowGit = {
      branchHead: async () => { await new Promise((resolve) => setTimeout(resolve, 5)); return { sha: 'a'.repeat(40) }; },
      remoteUrl: async () => 'https://github.com/acme/api',
      root: async () => '/repo',
    } as unknown as GitProvider;
    const memory = new MemoryWorld();
    const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    // The state file is read and written with I/O in between, as on disk.
    const world = { read: async () => { await tick(); return memory.read(); }, update: async <T>(change: (w: World) => T) => { await tick(); return memory.update(change); } };
    const notes: string[] = [];
    const platform = new SimulatedPlatform({
      world, git: slowGit, clock: new VirtualClock(), ids: new SeededIds(3), scenario: instantScenario(),
      pipeline: { name: 'p', stages: [{ name: 'development', index: 0, resources: [] }] }, stage: 'development', strictResources: false, runId: 'r', note: (_node, message) => notes.push(message),
    });
    const [first, second] = await Promise.all([platform.ciBuild('api-builder', 'main', 1), platform.ciBuild('api-builder', 'main', 2)]);
    assert.equal(first.id, second.id);
    assert.equal((await world.read()).builds.length, 1);
    assert.equal(notes.filter((n) => /assumed its CI built it/.test(n)).length, 1, 'one build, one note');
  });

  describe('waits nothing in the run can end', () => {
    const serviceRunning = (ref: string, serviceId: string, more: Record<string, unknown> = {}): unknown => ({ kind: 'Condition', ref, spec: { kind: 'Service', spec: { type: 'running', data: { serviceId, ...more } } } });

    it('fail at once, saying why, instead of holding the run up to the timeout', async () => {
      const run = await runVirtual(flow([serviceRunning('api-up', 'shop-api'), message('next')]), { scenario: timed({}, { resources: { 'service:shop-api': { deployed: false } } }) });
      assert.equal(finishedStatus(run), 'failure');
      assert.equal(run.last('api-up').error?.code, 'wait-unsatisfiable');
      assert.match(run.last('api-up').error?.message ?? '', /service shop-api has nothing deployed/);
      assert.match(run.last('api-up').error?.message ?? '', /14400 s/);
      assert.equal(run.at('api-up', 'failure'), 0);
    });

    it('also for an addon a scenario says never runs, with the Condition\'s own timeout in the message', async () => {
      const run = await runVirtual(flow([addonCondition('db-up', 600)]), { scenario: timed({}, { resources: { 'addon:shop-db': { notRunningFor: 'forever' } } }) });
      assert.equal(run.last('db-up').error?.code, 'wait-unsatisfiable');
      assert.match(run.last('db-up').error?.message ?? '', /never runs.*600 s/);
    });

    it('a wait scheduled to end only after its timeout fails at once as a timeout, not after hours of real time', async () => {
      // No timeoutDuration: the platform's 4-hour maximum; the scenario starts the addon after 5 hours.
      const run = await runVirtual(flow([{ kind: 'Condition', ref: 'db-up', spec: { kind: 'Addon', spec: { type: 'running', data: { addonId: 'shop-db' } } } }, message('next')]),
        { scenario: timed({}, { resources: { 'addon:shop-db': { notRunningFor: '5h' } } }) });
      assert.equal(finishedStatus(run), 'failure');
      assert.equal(run.last('db-up').error?.code, 'timeout');
      assert.match(run.last('db-up').error?.message ?? '', /18000 s from now, after its timeout \(14400 s\).*fails it now/);
      assert.equal(run.at('db-up', 'failure'), 0);
      assert.deepEqual(run.statuses('next'), [], 'the next node never starts');
    });

    it('a wait scheduled past its timeout holds while a parallel node works, and fails once it is alone', async () => {
      const text = flow([addonCondition('db-up', 60), message('slow')], {}, 'parallel');
      const run = await runVirtual(text, { scenario: timed({ Message: '30s' }, { resources: { 'addon:shop-db': { notRunningFor: '120s' } } }) });
      assert.equal(run.at('slow', 'success'), 30_000);
      assert.equal(run.last('db-up').error?.code, 'timeout');
      assert.equal(run.at('db-up', 'failure'), 30_000);
      assert.match(run.last('db-up').error?.message ?? '', /90 s from now, after its timeout \(60 s\)/);
    });

    it('a wait scheduled past its timeout holds while a parallel sequence still has steps to start', async () => {
      const sequence = workflow('sequential', [message('one'), message('two')], { ref: 'steps' });
      const text = flow([addonCondition('db-up', 60), sequence], {}, 'parallel');
      const run = await runVirtual(text, { scenario: timed({ Message: '10s' }, { resources: { 'addon:shop-db': { notRunningFor: '120s' } } }) });
      assert.equal(run.at('two', 'success'), 20_000);
      assert.equal(run.at('db-up', 'failure'), 20_000, 'not at 10 s, between the two steps');
    });

    it('a wait scheduled to end exactly at its timeout is waited out', async () => {
      const run = await runVirtual(flow([addonCondition('db-up', 120)]), { scenario: timed({}, { resources: { 'addon:shop-db': { notRunningFor: '120s' } } }) });
      assert.equal(finishedStatus(run), 'success', JSON.stringify(run.last('db-up').error));
      assert.equal(run.at('db-up', 'success'), 120_000);
    });

    it('keep waiting while a parallel node may still change the world', async () => {
      const deploy = { kind: 'Release', ref: 'deploy', spec: { type: 'registry', origin: { imagePath: 'nginx:1.27' }, target: { id: 'shop-api', type: 'service' } } };
      const run = await runVirtual(flow([serviceRunning('api-up', 'shop-api'), deploy], {}, 'parallel'), { scenario: timed({ Release: '30s', request: '5s' }, { resources: { 'service:shop-api': { deployed: false } } }) });
      assert.equal(finishedStatus(run), 'success', JSON.stringify(run.last('api-up')));
      assert.equal(run.at('api-up', 'success'), 35_000);
    });
  });

  it('records retries in the platform\'s shape: settings {maxAttempts, backoff} and response.retries {attempts, maxAttempts, timestamp, nextAttempt}', async () => {
    const run = await runVirtual(flow([message('flaky')]), { scenario: timed({ Message: '2s' }, { retryDelay: '10s', outcomes: [{ match: { ref: 'flaky' }, results: ['fail', 'fail', 'success'] }] }) });
    assert.equal(finishedStatus(run), 'success');
    const started = run.events.find((e) => e.type === 'run-started');
    const info = started?.type === 'run-started' ? started.nodes.find((n) => n.ref === 'flaky') : undefined;
    assert.deepEqual(info?.settings, { maxAttempts: 3, backoff: { type: 'fixed', delay: 10 } });
    const t0 = Date.parse(started?.at ?? '') / 1000;
    const statuses = run.events.filter((e) => e.type === 'node-status' && e.ref === 'flaky');
    const retries = statuses.map((e) => (e.type === 'node-status' ? [e.status, e.retries] : []));
    assert.deepEqual(retries, [
      ['running', { attempts: 1, maxAttempts: 3, timestamp: t0 }],
      ['retrying', { attempts: 1, maxAttempts: 3, timestamp: t0, nextAttempt: t0 + 12 }],
      ['retrying', { attempts: 2, maxAttempts: 3, timestamp: t0 + 12, nextAttempt: t0 + 24 }],
      ['success', { attempts: 3, maxAttempts: 3, timestamp: t0 + 24 }],
    ]);
    const record = run.outcome.result === 'finished' ? run.outcome.record.nodes.find((n) => n.ref === 'flaky') : undefined;
    assert.deepEqual(record?.retries, { attempts: 3, maxAttempts: 3, timestamp: t0 + 24 });
    assert.deepEqual(record?.settings, { maxAttempts: 3, backoff: { type: 'fixed', delay: 10 } });
    const shown = formatRecord(run.outcome.result === 'finished' ? run.outcome.record : ({} as never), '/');
    assert.ok(shown.some((line) => /flaky/.test(line)) && shown.some((line) => /3 attempts of 3 \(fixed backoff, 10 s\)/.test(line)), shown.join('\n'));
  });
});
