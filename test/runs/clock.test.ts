import * as assert from 'node:assert/strict';
import { AbortError, SeededIds, VirtualClock } from '../../core/runs/clock';

describe('runner: virtual clock and seeded ids', () => {
  it('moves time only when every task waits, firing timers in time order', async () => {
    const clock = new VirtualClock(0);
    const order: string[] = [];
    const task = async (name: string, ms: number): Promise<void> => {
      await clock.sleep(ms);
      order.push(`${name}@${clock.now()}`);
    };
    await Promise.all([task('late', 3_600_000), task('early', 1000), task('same-a', 2000), task('same-b', 2000)]);
    assert.deepEqual(order, ['early@1000', 'same-a@2000', 'same-b@2000', 'late@3600000']);
  });

  it('does not move while tracked I/O is pending', async () => {
    const clock = new VirtualClock(0);
    let release: () => void = () => undefined;
    const io = new Promise<void>((resolve) => (release = resolve));
    const observed: string[] = [];
    const waiter = clock.sleep(500).then(() => observed.push(`timer@${clock.now()}`));
    const tracked = clock.track(io).then(() => observed.push(`io@${clock.now()}`));
    // The timer is due, but the tracked work holds the clock: release it from an I/O callback.
    setImmediate(() => setImmediate(release));
    await Promise.all([waiter, tracked]);
    assert.deepEqual(observed, ['io@0', 'timer@500'], 'the I/O finished at time 0, before the clock moved');
  });

  it('rejects an aborted sleep and forgets its timer', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    controller.abort();
    await assert.rejects(sleeping, AbortError);
    assert.equal(clock.pendingTimers, 0);
    await assert.rejects(clock.sleep(1, controller.signal), AbortError);
  });

  it('gives the same ids for the same seed', () => {
    const a = new SeededIds(42);
    const b = new SeededIds(42);
    assert.deepEqual([a.uuid(), a.name(), [...a.bytes(4)]], [b.uuid(), b.name(), [...b.bytes(4)]]);
    assert.match(new SeededIds(1).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(new SeededIds(1).name(), /^[a-z]+-[a-z]+-\d{4}$/);
  });
});
