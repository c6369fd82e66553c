import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withLock } from '../../core/runs/stateFiles';

describe('state folder lock', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-lock-'))));
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('callers in one process queue in memory, in order, however long the holder takes', async () => {
    const file = path.join(dir, 'runs.lock');
    let release = (): void => undefined;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const order: number[] = [];
    let inside = 0;
    const first = withLock(file, async () => {
      order.push(0);
      await holding;
    }, { waitMs: 20 });
    const others = Array.from({ length: 20 }, (_, i) =>
      withLock(file, async () => {
        inside++;
        assert.equal(inside, 1, 'one holder at a time');
        order.push(i + 1);
        await new Promise((resolve) => setImmediate(resolve));
        inside--;
      }, { waitMs: 20 }),
    );
    // Much longer than the others' wait for another process: they must not give up on their own process.
    await new Promise((resolve) => setTimeout(resolve, 150));
    release();
    await Promise.all([first, ...others]);
    assert.deepEqual(order, Array.from({ length: 21 }, (_, i) => i));
    await assert.rejects(fs.access(file), 'the lock file is gone');
  });

  it('a live process holding the lock: a clear message that never tells to delete the file', async () => {
    const file = path.join(dir, 'runs.lock');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await fs.writeFile(file, JSON.stringify({ pid: holder.pid, hostname: os.hostname() }));
      await assert.rejects(withLock(file, async () => undefined, { waitMs: 30 }), (error: Error) => {
        assert.match(error.message, new RegExp(`process ${holder.pid}, still running`));
        assert.doesNotMatch(error.message, /delete/i);
        return true;
      });
    } finally {
      holder.kill();
    }
  });

  it('takes over the lock of a process that is gone, and one left empty by a crash', async () => {
    const file = path.join(dir, 'runs.lock');
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.on('exit', resolve));
    await fs.writeFile(file, JSON.stringify({ pid: gone.pid, hostname: os.hostname() }));
    assert.equal(await withLock(file, async () => 'taken', { waitMs: 30 }), 'taken');
    await fs.writeFile(file, '');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(file, old, old);
    assert.equal(await withLock(file, async () => 'taken again', { waitMs: 30 }), 'taken again');
  });
});
