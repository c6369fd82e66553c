import * as assert from 'node:assert/strict';
import { finishedStatus, flow, message, runVirtual, timed } from './helpers';

/** Where the local runner agrees with the platform's documentation (issue 13). */
describe('runner fidelity', () => {
  const addonCondition = (ref: string, timeoutDuration: unknown): unknown => ({ kind: 'Condition', ref, spec: { kind: 'Addon', spec: { type: 'running', data: { addonId: 'shop-db', timeoutDuration } } } });
  const restart = (ref: string, { data, ...inner }: { data?: Record<string, unknown>; condition?: string }): unknown =>
    ({ kind: 'Action', ref, spec: { kind: 'Service', spec: { type: 'restart', data: { serviceId: 'shop-api', ...data }, ...inner } } });

  describe('timeouts outside the Release node have no 30..14400 range', () => {
    it('honours a Condition timeout of 10 s', async () => {
      const run = await runVirtual(flow([addonCondition('wait-db', 10)]), { scenario: timed({}, { resources: { 'addon:shop-db': { notRunningFor: '120s' } } }) });
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
      assert.equal(run.at('restart', 'failure'), 60_000);
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
});
