import * as assert from 'node:assert/strict';
import { finishedStatus, flow, message, registryRelease, runVirtual, timed, workflow } from './helpers';

describe('runner: scheduling under virtual time', () => {
  it('runs sequential steps one after another, each starting when the previous one succeeded', async () => {
    const run = await runVirtual(flow([message('a'), message('b'), message('c')]), { scenario: timed({ Message: '10s' }) });
    assert.equal(finishedStatus(run), 'success');
    assert.equal(run.at('a', 'success'), 10_000);
    assert.equal(run.at('b', 'running'), 10_000);
    assert.equal(run.at('c', 'success'), 30_000);
    assert.deepEqual(run.statuses('b'), ['running', 'success']);
  });

  it('starts every step of a parallel workflow together and finishes with the slowest', async () => {
    const text = flow([workflow('parallel', [message('fast'), message('slow')]), message('after')]);
    const run = await runVirtual(text, { scenario: timed({ Message: '5s', 'node:slow': '20s' }) });
    assert.equal(run.at('fast', 'running'), 0);
    assert.equal(run.at('slow', 'running'), 0);
    assert.equal(run.at('fast', 'success'), 5_000);
    assert.equal(run.at('after', 'running'), 20_000, 'the next sequential step waits for the whole parallel workflow');
  });

  it('runs a parallel workflow nested inside a sequential one nested inside a parallel one', async () => {
    const text = flow([workflow('sequential', [message('s1'), workflow('parallel', [message('p1'), message('p2')], { ref: 'inner' }), message('s2')], { ref: 'seq' }), message('side')], {}, 'parallel');
    const run = await runVirtual(text, { scenario: timed({ Message: '1s', 'node:p2': '3s' }) });
    assert.equal(finishedStatus(run), 'success');
    assert.equal(run.at('side', 'running'), 0);
    assert.equal(run.at('p1', 'running'), 1_000);
    assert.equal(run.at('p2', 'running'), 1_000);
    assert.equal(run.at('inner', 'success'), 4_000);
    assert.equal(run.at('s2', 'success'), 5_000);
    assert.deepEqual(run.statuses('seq'), ['running', 'success']);
  });

  it('fails the workflow and the run when a step fails, and does not start later steps', async () => {
    const text = flow([message('first'), message('broken'), message('never')]);
    const run = await runVirtual(text, { scenario: timed({ Message: '1s' }, { outcomes: [{ match: { ref: 'broken' }, results: [{ result: 'error', message: 'webhook answered 500' }] }] }) });
    assert.equal(finishedStatus(run), 'failure');
    assert.deepEqual(run.statuses('never'), [], 'a later sequential step never leaves pending');
    const failed = run.last('broken');
    assert.equal(failed.status, 'failure');
    assert.equal(failed.attempt, 3);
    assert.match(failed.error?.message ?? '', /webhook answered 500 \(attempt 3 of 3\)/);
    const finished = run.events.find((e) => e.type === 'run-finished');
    assert.ok(finished?.type === 'run-finished');
    assert.match(finished.error ?? '', /^broken failed: webhook answered 500/);
    const root = run.events.filter((e) => e.type === 'node-status' && e.node === 0).pop();
    assert.equal(root?.type === 'node-status' && root.status, 'failure');
  });

  it('lets parallel siblings already running finish when one fails, but starts nothing new', async () => {
    const text = flow([
      workflow('parallel', [
        message('quick-fail'),
        workflow('sequential', [message('long'), message('after-long')], { ref: 'branch' }),
      ], { ref: 'group' }),
      message('later'),
    ]);
    const run = await runVirtual(text, { scenario: timed({ Message: '30s', 'node:quick-fail': '1s' }, { outcomes: [{ match: { ref: 'quick-fail' }, results: ['fail'] }] }) });
    assert.equal(finishedStatus(run), 'failure');
    assert.deepEqual(run.statuses('long'), ['running', 'success'], 'the running sibling finishes');
    assert.equal(run.at('long', 'success'), 30_000);
    assert.deepEqual(run.statuses('after-long'), [], 'its next step is not started');
    assert.equal(run.last('branch').status, 'aborted');
    assert.match(run.last('branch').error?.message ?? '', /started nothing new after quick-fail failed/);
    assert.equal(run.last('group').status, 'failure');
    assert.deepEqual(run.statuses('later'), []);
  });

  it('retries a failing node, showing retrying, until it succeeds on the third attempt', async () => {
    const text = flow([message('flaky')]);
    const run = await runVirtual(text, { scenario: timed({ Message: '2s' }, { retryDelay: '10s', outcomes: [{ match: { ref: 'flaky' }, results: ['fail', 'fail', 'success'] }] }) });
    assert.equal(finishedStatus(run), 'success');
    assert.deepEqual(run.statuses('flaky'), ['running', 'retrying', 'retrying', 'success']);
    const retries = run.events.filter((e) => e.type === 'node-status' && e.ref === 'flaky' && e.status === 'retrying');
    assert.deepEqual(retries.map((e) => e.type === 'node-status' && e.attempt), [2, 3]);
    assert.equal(run.last('flaky').attempt, 3);
    assert.equal(run.at('flaky', 'success'), 2_000 + 10_000 + 2_000 + 10_000 + 2_000);
  });

  it('fails a Condition node when its timeout passes first, and meets it when the resource comes up in time', async () => {
    const condition = (ref: string, timeout: number): unknown => ({ kind: 'Condition', ref, spec: { kind: 'Addon', spec: { type: 'running', data: { addonId: 'shop-db', timeoutDuration: timeout } } } });
    const slowAddon = { resources: { 'addon:shop-db': { notRunningFor: '120s' } } };
    const late = await runVirtual(flow([condition('wait-db', 60), message('next')]), { scenario: timed({}, slowAddon) });
    assert.equal(finishedStatus(late), 'failure');
    assert.deepEqual(late.statuses('wait-db'), ['running', 'waiting', 'failure']);
    // The addon comes up at 120 s, after the 60 s timeout, and nothing else runs: a timeout now, not a minute later.
    assert.equal(late.at('wait-db', 'failure'), 0);
    assert.equal(late.last('wait-db').error?.code, 'timeout');
    assert.match(late.last('wait-db').error?.message ?? '', /120 s from now, after its timeout \(60 s\)/);
    assert.equal(late.last('wait-db').attempt, 1, 'a timeout is final: the full wait already happened');
    assert.deepEqual(late.statuses('next'), []);

    const inTime = await runVirtual(flow([condition('wait-db', 300), message('next')]), { scenario: timed({}, slowAddon) });
    assert.equal(finishedStatus(inTime), 'success');
    assert.equal(inTime.at('wait-db', 'success'), 120_000);
  });

  it('waits for completion with condition: the node is waiting until its operation concludes', async () => {
    const text = flow([
      { kind: 'AddonBackup', ref: 'backup', spec: { addonId: 'shop-db' }, condition: 'success' },
      { kind: 'AddonBackup', ref: 'no-wait', spec: { addonId: 'shop-db' } },
      registryRelease('deploy', 'shop-api', { condition: 'running', timeoutDuration: 60 }),
    ]);
    const run = await runVirtual(text, { scenario: timed({ AddonBackup: '40s', Release: '15s' }) });
    assert.equal(finishedStatus(run), 'success');
    assert.deepEqual(run.statuses('backup'), ['running', 'waiting', 'success']);
    assert.equal(run.at('backup', 'success'), 40_000);
    assert.equal((run.last('backup').outputs as { status: string }).status, 'completed');
    assert.deepEqual(run.statuses('no-wait'), ['running', 'success']);
    assert.equal((run.last('no-wait').outputs as { status: string }).status, 'in-progress', 'without condition the node only starts the backup');
    assert.equal(run.at('deploy', 'success'), 40_000 + 15_000);
  });

  it('fails a wait-for-running release when the rollout fails, and times out when it is slower than the timeout', async () => {
    const failing = await runVirtual(flow([registryRelease('deploy', 'shop-api', { condition: 'running' })]), { scenario: timed({ Release: '20s' }, { outcomes: [{ match: { kind: 'Release', id: 'shop-api' }, results: ['fail'] }], retryDelay: '1s' }) });
    assert.equal(finishedStatus(failing), 'failure');
    assert.match(failing.last('deploy').error?.message ?? '', /rollout of service shop-api failed/);
    const slow = await runVirtual(flow([registryRelease('deploy', 'shop-api', { condition: 'running', timeoutDuration: 30 })]), { scenario: timed({ Release: '45s' }) });
    assert.equal(slow.last('deploy').error?.code, 'timeout');
    assert.equal(slow.at('deploy', 'failure'), 0, 'the rollout ends at 45 s, past the 30 s timeout: failed at once');
    assert.match(slow.last('deploy').error?.message ?? '', /the target to run would end only \d+ s from now, after its timeout \(30 s\)/);
  });

  it('skips nodes whose skipNodeExecution is "true" or an expression that resolves to true, with everything inside them', async () => {
    const text = flow([
      message('literal-true', { skipNodeExecution: 'true' }),
      message('literal-false', { skipNodeExecution: 'false' }),
      workflow('parallel', [message('inside-skipped')], { ref: 'skipped-group', skipNodeExecution: "${fn.eq(args.ENV, 'dev')}" }),
      message('expression-false', { skipNodeExecution: "${fn.neq(args.ENV, 'dev')}" }),
    ], { arguments: { ENV: 'dev' } });
    const run = await runVirtual(text);
    assert.equal(finishedStatus(run), 'success');
    assert.deepEqual(run.statuses('literal-true'), ['skipped']);
    assert.deepEqual(run.statuses('literal-false'), ['running', 'success']);
    assert.deepEqual(run.statuses('skipped-group'), ['skipped']);
    assert.deepEqual(run.statuses('inside-skipped'), ['skipped']);
    assert.deepEqual(run.statuses('expression-false'), ['running', 'success']);
    const other = await runVirtual(text, { args: { ENV: 'prod' } });
    assert.deepEqual(other.statuses('inside-skipped'), ['running', 'success']);
    assert.deepEqual(other.statuses('expression-false'), ['skipped']);
  });

  it('fails a node whose ref points at a skipped node, saying so', async () => {
    const text = flow([message('maybe', { skipNodeExecution: 'true' }), { kind: 'JobRun', ref: 'use', spec: { jobId: '${refs.maybe.id}' } }]);
    const run = await runVirtual(text);
    assert.equal(finishedStatus(run), 'failure');
    assert.match(run.last('use').error?.message ?? '', /spec\.jobId: 'maybe' was skipped/);
    assert.equal(run.last('use').attempt, 1, 'an unresolvable expression is not retried');
  });

  it('aborts a whole run: running and waiting nodes end aborted, pending ones stay pending', async () => {
    const controller = new AbortController();
    const text = flow([workflow('parallel', [message('busy'), { kind: 'AddonBackup', ref: 'backup', spec: { addonId: 'shop-db' }, condition: 'success' }]), message('never')]);
    const run = await runVirtual(text, {
      signal: controller.signal,
      scenario: timed({ Message: '1h', AddonBackup: '2h' }),
      onEvent: (event) => {
        if (event.type === 'node-status' && event.ref === 'backup' && event.status === 'waiting') controller.abort();
      },
    });
    assert.equal(finishedStatus(run), 'aborted');
    assert.equal(run.last('busy').status, 'aborted');
    assert.equal(run.last('backup').status, 'aborted');
    assert.deepEqual(run.statuses('never'), []);
    assert.equal(run.clock.pendingTimers, 0, 'no timer is left behind');
    const finished = run.events.find((e) => e.type === 'run-finished');
    assert.equal(finished?.type === 'run-finished' && finished.durationMs, 0, 'the abort took no virtual time');
  });

  it('resolves refs of earlier nodes with the type of a single interpolation', async () => {
    const text = flow([
      { kind: 'AddonBackup', ref: 'backup', spec: { addonId: 'shop-db' }, condition: 'success' },
      { kind: 'Condition', ref: 'done', spec: { kind: 'AddonBackup', spec: { type: 'success', data: { addonId: 'shop-db', backupId: '${refs.backup.id}' } } } },
      message('report', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: 'backup ${refs.backup.id} of ${refs.backup.config.addonVersion} is ${refs.backup.status}' } } }),
      registryRelease('deploy', 'shop-api', { condition: 'running', timeoutDuration: '${fn.multiply(args.MINUTES, 60)}' }),
    ], { arguments: { MINUTES: '2' } });
    const run = await runVirtual(text, { scenario: timed({ AddonBackup: '5s' }) });
    const deploy = run.events.find((e) => e.type === 'node-status' && e.ref === 'deploy' && e.request !== undefined);
    assert.equal(deploy?.type === 'node-status' && (deploy.request as { timeoutDuration: unknown }).timeoutDuration, 120, 'a string that is one interpolation keeps the number');
    assert.equal(finishedStatus(run), 'success');
    const backupId = (run.last('backup').outputs as { id: string }).id;
    const request = run.events.find((e) => e.type === 'node-status' && e.ref === 'report' && e.request !== undefined);
    assert.ok(request?.type === 'node-status');
    assert.equal((request.request as { spec: { spec: { message: string } } }).spec.spec.message, `backup ${backupId} of 1.0.0 is completed`);
  });
});
