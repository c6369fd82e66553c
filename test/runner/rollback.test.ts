import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import type { RunnerEvent, StageState } from '../../core/runs/events';
import { SimpleGitProvider } from '../../core/git/repository';
import { restoreConfig } from '../../core/runs/rollback';
import { rollbackTo } from '../../core/runner/rollback';
import type { RunEnvironment } from '../../core/runner/session';
import { RunStore, STATE_FOLDER, type RunRecord } from '../../core/runs/store';
import { commit, examplesDir, removeDir, runVirtual, tempRepo, timed } from './helpers';

const deployed = (state: StageState | undefined): Record<string, string | undefined> =>
  Object.fromEntries((state?.resources ?? []).map((r) => [r.id, r.deployment?.internal ? `${r.deployment.internal.buildId}@${r.deployment.internal.deployedSHA.slice(0, 7)}` : undefined]));

describe('runner: rollback', () => {
  let repo: string;
  let store: RunStore;
  let file: string;
  let clock: VirtualClock;
  const scenario = timed({ Build: '60s', Release: '10s' });

  beforeEach(async () => {
    repo = await tempRepo({ 'release-development.json': await fs.readFile(path.join(examplesDir, 'release-development.json'), 'utf8') });
    file = path.join(repo, 'release-development.json');
    store = (await RunStore.open(path.join(repo, STATE_FOLDER))).store;
    clock = new VirtualClock();
  });
  afterEach(async () => removeDir(repo));

  const release = async (): Promise<RunRecord> => {
    const run = await runVirtual(await fs.readFile(file, 'utf8'), { store, git: new SimpleGitProvider(repo), flowFile: file, clock, ids: new SeededIds(clock.now()), scenario });
    assert.ok(run.outcome.result === 'finished' && run.outcome.status === 'success');
    return run.outcome.record;
  };

  it('returns the stage to what a chosen run left, through a new recorded rollback run', async () => {
    const first = await release();
    await commit(repo, { 'src/feature.js': 'export const on = true;\n' }, 'Add the feature');
    const second = await release();
    assert.notDeepEqual(deployed(second.stageState), deployed(first.stageState), 'the second release deployed another commit');

    const events: RunnerEvent[] = [];
    const env: RunEnvironment = { clock, ids: new SeededIds(99), git: new SimpleGitProvider(repo), store };
    const outcome = await rollbackTo(first, env, { scenario, onEvent: (e) => events.push(e) });
    assert.ok(outcome.result === 'finished');
    assert.equal(outcome.status, 'success');
    const rollback = await store.get(outcome.record.id);
    assert.equal(rollback.kind, 'rollback');
    assert.equal(rollback.rollbackOf, first.id);
    assert.equal(rollback.name, `Rollback to ${first.id.slice(0, 8)}`);
    assert.deepEqual(deployed(rollback.stageState), deployed(first.stageState), 'each service and job runs what it ran after the first run');
    assert.ok(rollback.stageState?.resources.every((r) => r.deployment?.status === 'running'), 'the rollback waits until each target runs again');
    assert.deepEqual(rollback.nodes.filter((n) => n.kind === 'Release').map((n) => [n.ref, n.status]), [['restore-shop-api-dev', 'success'], ['restore-shop-migrate-dev', 'success']]);
    assert.ok(events.some((e) => e.type === 'note' && /not rolled back/.test(e.message)));
    const { runs } = await store.list();
    assert.deepEqual(runs.map((r) => r.kind), ['rollback', 'release', 'release'], 'the rollback is in the history, the earlier runs are intact');
  });

  it('refuses a run that left no stage state', async () => {
    const first = await release();
    const interrupted: RunRecord = { ...first, status: 'interrupted' };
    delete interrupted.stageState;
    await assert.rejects(rollbackTo(interrupted, { clock, ids: new SeededIds(1), git: undefined, store }), /ended interrupted without a recorded stage state/);
  });

  it('restores the flow configuration of the run to a new file, and over the flow only when asked', async () => {
    const first = await release();
    const original = await fs.readFile(file, 'utf8');
    const edited = original.replace('"queue"', '"forbid"');
    await fs.writeFile(file, edited);
    const restored = await restoreConfig(first, false);
    assert.equal(restored.file, path.join(repo, `release-development.rollback-${first.id.slice(0, 8)}.json`));
    assert.equal(restored.written, true);
    assert.equal(await fs.readFile(restored.file, 'utf8'), original);
    assert.equal(await fs.readFile(file, 'utf8'), edited, 'the user\'s file is not touched');
    assert.equal((await restoreConfig(first, false)).written, false, 'writing the same file again changes nothing');
    await fs.writeFile(restored.file, 'my own notes');
    await assert.rejects(restoreConfig(first, false), /exists and differs.*never overwritten/);
    const over = await restoreConfig(first, true);
    assert.equal(over.file, file);
    assert.equal(await fs.readFile(file, 'utf8'), original);
  });
});
