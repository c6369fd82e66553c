import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { RunStore, STATE_FOLDER } from '../../core/runs/store';
import { flow, message, removeDir, repoRoot, tempRepo } from '../runner/helpers';

/** Enough processes to race on a 2-core machine, few enough to start them all in a few seconds. */
const PROCESSES = 12;

interface Child {
  process: ChildProcess;
  lines: string[];
  started: boolean;
  exit: number | null | undefined;
}

describe('release-flow run: forbid across processes', () => {
  let repo: string | undefined;
  afterEach(async () => removeDir(repo));

  it(`${PROCESSES} parallel runs of one forbid flow start exactly one run; the others are refused (exit 4)`, async function () {
    this.timeout(120_000);
    repo = await tempRepo({
      'release-forbid.json': flow([message('a')], { options: { concurrencyPolicy: 'forbid' } }),
      'slow.json': JSON.stringify({ durations: { default: 0, request: 0, Message: '1h' } }),
    });
    const children: Child[] = [];
    const settled: Promise<void>[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      const child: Child = { process: spawn(process.execPath, [path.join(repoRoot, 'bin/release-flow.js'), 'run', 'release-forbid.json', '--json', '--scenario', 'slow.json'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] }), lines: [], started: false, exit: undefined };
      children.push(child);
      settled.push(
        new Promise((resolve) => {
          let buffer = '';
          child.process.stdout?.on('data', (chunk: Buffer) => {
            buffer += chunk.toString('utf8');
            const lines = buffer.split('\n');
            buffer = lines.pop() ?? '';
            child.lines.push(...lines);
            if (!child.started && lines.some((l) => l.includes('"type":"run-started"'))) {
              child.started = true;
              resolve();
            }
          });
          child.process.on('exit', (code) => {
            child.exit = code;
            resolve();
          });
        }),
      );
    }
    // Each process either started its run (which lasts an hour) or has ended.
    await Promise.all(settled);
    const started = children.filter((c) => c.started);
    try {
      assert.equal(started.length, 1, `runs started: ${started.length}`);
      const others = children.filter((c) => !c.started);
      assert.deepEqual(others.map((c) => c.exit), others.map(() => 4), others.map((c) => c.lines.join('\n')).join('\n---\n'));
    } finally {
      for (const child of started) child.process.kill('SIGINT');
      await Promise.all(started.map((c) => new Promise((resolve) => (c.exit !== undefined ? resolve(undefined) : c.process.on('exit', resolve)))));
    }
    const { runs } = await (await RunStore.open(path.join(repo, STATE_FOLDER))).store.list();
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.status, 'aborted');
  });
});
