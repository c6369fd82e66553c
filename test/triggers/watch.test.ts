import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import type { RunnerEvent } from '../../core/runs/events';
import { SimpleGitProvider } from '../../core/git/repository';
import { RunStore } from '../../core/runs/store';
import type { Evaluation } from '../../core/triggers/evaluate';
import { readPauseState, setPaused } from '../../core/triggers/pause';
import { watchFlow, type Watcher } from '../../core/triggers/watch';
import { commit, flow, git, message, removeDir, tempRepo } from '../runner/helpers';

/** A queue of values pushed by callbacks, awaited one at a time. */
class Inbox<T> {
  private readonly items: T[] = [];
  private waiting: ((item: T) => void) | undefined;
  push(item: T): void {
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting(item);
    } else this.items.push(item);
  }
  next(): Promise<T> {
    const item = this.items.shift();
    return item !== undefined ? Promise.resolve(item) : new Promise((resolve) => (this.waiting = resolve));
  }
}

describe('watch: runs on commit', () => {
  let dir: string;
  let watcher: Watcher | undefined;
  let store: RunStore;
  const decisions = new Inbox<Evaluation>();
  const notes = new Inbox<string>();
  const started = new Inbox<RunnerEvent>();
  const finished = new Inbox<RunnerEvent>();

  beforeEach(async () => {
    const text = flow([message('notify')], { triggers: [{ ref: 'main-push', vcsService: 'github', repoUrl: 'https://github.com/acme/shop', branchRestrictions: ['main'], pathIgnoreRules: ['*.md'] }] });
    dir = await tempRepo({ 'release-development.json': text });
    git(dir, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git');
    ({ store } = await RunStore.open(path.join(dir, '.release-flow')));
    watcher = await watchFlow({
      flowFile: path.join(dir, 'release-development.json'),
      env: { clock: new VirtualClock(), ids: new SeededIds(3), git: new SimpleGitProvider(dir), store },
      pause: (filePaused) => readPauseState(store.folder, '/release-development.json', filePaused),
      debounceMs: 50,
      onDecision: (evaluation) => decisions.push(evaluation),
      onNote: (note) => notes.push(note),
      onRunEvent: (event) => {
        if (event.type === 'run-started') started.push(event);
        if (event.type === 'run-finished') finished.push(event);
      },
      onError: (error) => notes.push(`error: ${error.message}`),
    });
  });
  afterEach(async () => {
    await watcher?.close();
    await removeDir(dir);
  });

  it('a new commit on the watched branch starts a run with the commit as the trigger values', async () => {
    const sha = await commit(dir, { 'src/app.ts': '1\n' }, 'Add app');
    const decision = await decisions.next();
    assert.equal(decision.wouldRun, true);
    assert.equal(decision.event.type === 'push' && decision.event.to, sha);
    const event = await started.next();
    assert.equal(event.type === 'run-started' && event.run.triggers['main-push']?.sha, sha);
    const done = await finished.next();
    assert.equal(done.type === 'run-finished' && done.status, 'success');
    // close() waits for the run to be recorded in full.
    await watcher?.close();
    watcher = undefined;
    const record = await store.get(done.type === 'run-finished' ? done.runId : '');
    assert.equal(record.status, 'success');
    assert.ok(record.notes.some((n) => /Started by Git trigger 'main-push' on the push of 1 commit to branch 'main'/.test(n.message)));
  });

  it('a commit whose changes are all ignored is explained and starts nothing; paused triggers start nothing either', async () => {
    await commit(dir, { 'README.md': 'docs\n' }, 'Docs');
    const ignored = await decisions.next();
    assert.equal(ignored.wouldRun, false);
    assert.equal(ignored.triggers[0]?.checks.find((c) => c.check === 'path-rules')?.ok, false);
    await setPaused(store.folder, '/release-development.json', true, false);
    await commit(dir, { 'src/app.ts': '2\n' }, 'Code');
    const paused = await decisions.next();
    assert.deepEqual(paused.fired, ['main-push']);
    assert.equal(paused.wouldRun, false);
    assert.deepEqual((await store.list()).runs, []);
  });

  it('checking out another branch is not a push; a commit there is evaluated against its branch', async () => {
    git(dir, 'checkout', '-q', '-b', 'feature');
    assert.match(await notes.next(), /^Switched to branch 'feature' at [0-9a-f]{7}: watching it/);
    await commit(dir, { 'src/f.ts': '1\n' }, 'Feature work');
    const decision = await decisions.next();
    assert.equal(decision.event.type === 'push' && decision.event.branch, 'feature');
    assert.equal(decision.wouldRun, false);
    assert.equal(decision.triggers[0]?.checks.find((c) => c.check === 'branch-rules')?.summary, "No rule of branchRestrictions ('main') matches branch 'feature'.");
  });
});
