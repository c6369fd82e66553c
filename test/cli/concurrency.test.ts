import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
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

  it('the decision and the record are one step: with the decision held open until 3 processes are in it, still one run', async function () {
    this.timeout(120_000);
    repo = await tempRepo({
      'release-forbid.json': flow([message('a')], { options: { concurrencyPolicy: 'forbid' } }),
      'slow.json': JSON.stringify({ durations: { default: 0, request: 0, Message: '1h' } }),
    });
    const race = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-race-'));
    const racers = 3;
    // Each process lists the active runs, then waits for the others to have listed them too (1.5 s at most).
    const env = { ...process.env, RACE_DIR: race, RACE_PROCESSES: String(racers), RACE_WAIT_MS: '1500' };
    const child = path.join(__dirname, 'forbidRaceChild.js');
    const results = await Promise.all(
      Array.from({ length: racers }, () =>
        new Promise<{ started: boolean; exit: number | null; process: ChildProcess }>((resolve) => {
          const proc = spawn(process.execPath, [child, 'run', 'release-forbid.json', '--json', '--scenario', 'slow.json'], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          proc.stdout?.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            if (out.includes('"type":"run-started"')) resolve({ started: true, exit: null, process: proc });
          });
          proc.on('exit', (code) => resolve({ started: false, exit: code, process: proc }));
        }),
      ),
    );
    const started = results.filter((r) => r.started);
    try {
      assert.equal((await fs.readdir(race)).length, racers, 'every process reached the decision');
      assert.equal(started.length, 1, `runs started: ${started.length}`);
      assert.deepEqual(results.filter((r) => !r.started).map((r) => r.exit), [4, 4]);
    } finally {
      for (const result of started) result.process.kill('SIGINT');
      await Promise.all(started.map((r) => new Promise((resolve) => (r.process.exitCode !== null ? resolve(undefined) : r.process.on('exit', resolve)))));
      await fs.rm(race, { recursive: true, force: true });
    }
    const { runs } = await (await RunStore.open(path.join(repo, STATE_FOLDER))).store.list();
    assert.equal(runs.length, 1);
  });
});
