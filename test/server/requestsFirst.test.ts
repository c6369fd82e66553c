import * as assert from 'node:assert/strict';
import { RequestsFirst } from '../../server/requestsFirst';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('server plumbing: requests before background work', () => {
  it('answers a request read during a validation step before the next step runs', async () => {
    const gate = new RequestsFirst();
    const order: string[] = [];
    // The connection dispatches a message in a setImmediate queued when it is read: after the step's own hand-over.
    const dispatch = (): void => {
      void gate.track(
        () =>
          new Promise<void>((resolve) =>
            // runSafe starts the work one more turn later.
            setImmediate(() => {
              order.push('request');
              resolve();
            }),
          ),
      );
    };
    for (let step = 0; step < 3; step++) {
      order.push(`step ${step}`);
      const turn = gate.turn();
      if (step === 0) setImmediate(dispatch);
      await turn;
    }
    assert.deepEqual(order, ['step 0', 'request', 'step 1', 'step 2']);
  });

  it('resumes background work only once the reply is written, not as soon as it is computed', async () => {
    const gate = new RequestsFirst();
    const order: string[] = [];
    const dispatch = (): void => {
      const answer = gate.track(() => new Promise<void>((resolve) => setImmediate(() => {
        order.push('request');
        resolve();
      })));
      // vscode-jsonrpc replies when the answer settles, writing in a setImmediate of its write semaphore.
      void answer.then(() => setImmediate(() => order.push('reply written')));
    };
    for (let step = 0; step < 3; step++) {
      order.push(`step ${step}`);
      const turn = gate.turn();
      if (step === 0) setImmediate(dispatch);
      await turn;
    }
    assert.deepEqual(order, ['step 0', 'request', 'reply written', 'step 1', 'step 2']);
  });

  it('waits for every request in flight, sync failures included, and no longer than its limit', async () => {
    const gate = new RequestsFirst(30);
    let finish = (): void => undefined;
    const answer = gate.track(() => new Promise<void>((resolve) => (finish = resolve)));
    assert.throws(() => gate.track(() => { throw new Error('handler failed'); }), /handler failed/);
    let resumed = false;
    const turn = gate.turn().then(() => (resumed = true));
    for (let i = 0; i < 5; i++) await nextTurn();
    assert.equal(resumed, false);
    assert.equal(gate.busy, true);
    finish();
    await answer;
    await turn;
    assert.equal(gate.busy, false);
    // A request that never answers holds background work back for the limit only.
    void gate.track(() => new Promise<void>(() => undefined));
    await gate.turn();
    assert.equal(gate.busy, true);
  });
});
