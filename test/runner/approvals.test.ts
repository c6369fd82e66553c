import * as assert from 'node:assert/strict';
import { ApprovalDesk, type ApprovalRequest } from '../../core/runner/approvals';
import { finishedStatus, flow, message, runVirtual, timed } from './helpers';

/** Approval nodes wait in `approval_wait` for a decision; nothing approves them silently. */
describe('runner: approvals', () => {
  const text = flow([{ kind: 'Approval', ref: 'sign-off', spec: { amount: 2 } }, message('after')]);

  it('takes the decision from the scenario, after the Approval duration', async () => {
    const run = await runVirtual(text, { scenario: timed({ Approval: '30s' }, { outcomes: [{ match: { ref: 'sign-off' }, results: ['success'] }] }) });
    assert.equal(finishedStatus(run), 'success');
    assert.deepEqual(run.statuses('sign-off'), ['running', 'approval_wait', 'success']);
    assert.equal(run.at('sign-off', 'success'), 30_000);
    assert.deepEqual(run.last('sign-off').outputs, { approved: true, approvals: 2, by: 'the scenario' });
    const rejected = await runVirtual(text, { scenario: timed({}, { outcomes: [{ match: { kind: 'Approval' }, results: ['fail'] }] }) });
    assert.equal(finishedStatus(rejected), 'failure');
    assert.equal(rejected.last('sign-off').error?.code, 'rejected');
    assert.match(rejected.last('sign-off').error?.message ?? '', /rejected by the scenario/);
    assert.equal(rejected.last('sign-off').attempt, 1, 'a rejection is final');
    assert.deepEqual(rejected.statuses('after'), []);
  });

  it('asks the run\'s approver (CLI prompt, --approve, the editor) with what is to be approved', async () => {
    const asked: ApprovalRequest[] = [];
    const run = await runVirtual(text, { approvals: { decide: async (request) => (asked.push(request), { decision: 'approve', by: 'tester' }) } });
    assert.equal(finishedStatus(run), 'success');
    assert.deepEqual(asked.map((a) => [a.ref, a.amount, a.node]), [['sign-off', 2, 1]]);
    assert.deepEqual(run.last('sign-off').outputs, { approved: true, approvals: 2, by: 'tester' });
    const notes = run.events.filter((e) => e.type === 'note').map((e) => (e.type === 'note' ? e.message : ''));
    assert.ok(notes.includes('sign-off approved by tester (one decision here stands for the 2 approvals the platform would wait for).'), notes.join('\n'));
    const single = await runVirtual(text.replace('"amount": 2', '"amount": 1'), { approvals: { decide: async () => ({ decision: 'approve', by: 'tester' }) } });
    assert.ok(single.events.some((e) => e.type === 'note' && e.message === 'sign-off approved by tester.'), 'one approval asked, nothing more said');
    const rejected = await runVirtual(text, { approvals: { decide: async () => ({ decision: 'reject', by: 'tester' }) } });
    assert.match(rejected.last('sign-off').error?.message ?? '', /sign-off was rejected by tester/);
  });

  it('fails, saying how to decide, when nobody can decide here: never approves silently', async () => {
    for (const approvals of [undefined, { decide: async () => undefined }]) {
      const run = await runVirtual(text, approvals ? { approvals } : {});
      assert.equal(finishedStatus(run), 'failure');
      assert.deepEqual(run.statuses('sign-off'), ['running', 'approval_wait', 'failure']);
      assert.equal(run.last('sign-off').error?.code, 'approval-needed');
      assert.match(run.last('sign-off').error?.message ?? '', /needs 2 approvals.*--approve sign-off.*scenario/);
    }
  });

  it('ends aborted when the run is aborted while it waits for a decision', async () => {
    const controller = new AbortController();
    const run = await runVirtual(text, {
      signal: controller.signal,
      approvals: { decide: (_request, signal) => new Promise((_resolve, reject) => { signal.addEventListener('abort', () => reject(new Error('aborted'))); controller.abort(); }) },
    });
    assert.equal(finishedStatus(run), 'aborted');
    assert.equal(run.last('sign-off').status, 'aborted');
  });
});

describe('runner: the editor\'s approval desk', () => {
  it('holds each request until an answer comes from any place, once; an abort withdraws it', async () => {
    const desk = new ApprovalDesk();
    let changes = 0;
    desk.onChange(() => changes++);
    const text = flow([{ kind: 'Approval', ref: 'sign-off', spec: { amount: 1 } }]);
    const running = runVirtual(text, { approvals: desk });
    while (desk.pending().length === 0) await new Promise((resolve) => setImmediate(resolve));
    const [request] = desk.pending();
    assert.equal(request?.ref, 'sign-off');
    assert.equal(desk.answer(request!.runId, request!.node, { decision: 'approve', by: 'the editor' }), true);
    assert.equal(desk.answer(request!.runId, request!.node, { decision: 'reject', by: 'the editor' }), false, 'decided once');
    const run = await running;
    assert.equal(finishedStatus(run), 'success');
    assert.equal((run.last('sign-off').outputs as { by: string }).by, 'the editor');
    assert.deepEqual(desk.pending(), []);
    assert.equal(changes, 2, 'shown, then hidden');

    const controller = new AbortController();
    const aborted = runVirtual(text, { approvals: desk, signal: controller.signal });
    while (desk.pending().length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    assert.equal(finishedStatus(await aborted), 'aborted');
    assert.deepEqual(desk.pending(), []);
  });
});
