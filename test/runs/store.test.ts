import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import { SimpleGitProvider } from '../../core/git/repository';
import { RunStore, STATE_FOLDER, type RunRecord } from '../../core/runs/store';
import { finishedStatus, flow, git, message, removeDir, runVirtual, tempRepo, timed } from '../runner/helpers';

/** The pid of a process that has exited: a run it owned is certainly interrupted. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid as number;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

describe('runner: run history in the state folder', () => {
  let repo: string | undefined;
  let store: RunStore;
  const flowText = flow([message('hello'), message('world')], { options: { concurrencyPolicy: 'forbid' }, arguments: { GREETING: 'hi' } });

  beforeEach(async () => {
    repo = await tempRepo({ 'release-development.json': flowText });
    store = (await RunStore.open(path.join(repo, STATE_FOLDER))).store;
  });
  afterEach(async () => removeDir(repo));

  const runHere = (options: Parameters<typeof runVirtual>[1] = {}): ReturnType<typeof runVirtual> =>
    runVirtual(flowText, { store, git: new SimpleGitProvider(repo as string), flowFile: path.join(repo as string, 'release-development.json'), ...options });

  it('records every run: flow hash and text, masked arguments, each status change with its time, outputs and stage state', async () => {
    const run = await runHere({ name: 'First release', description: 'from the test', args: { API_TOKEN: 'tok-123456' }, secretArgs: { DB_PASSWORD: 'hunter22-secret' }, scenario: timed({ Message: '5s' }) });
    assert.equal(finishedStatus(run), 'success');
    const record = await store.get('latest');
    assert.equal(record.status, 'success');
    assert.equal(record.name, 'First release');
    assert.equal(record.flow.text, flowText);
    assert.match(record.flow.hash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(record.flow.repoPath, '/release-development.json');
    assert.deepEqual(record.arguments, { GREETING: 'hi', API_TOKEN: '********', DB_PASSWORD: '********' });
    const hello = record.nodes.find((n) => n.ref === 'hello');
    assert.deepEqual(hello?.history.map((h) => [h.status, h.at]), [['running', '2025-01-01T09:00:00.000Z'], ['success', '2025-01-01T09:00:05.000Z']]);
    assert.equal(hello?.attempts, 1);
    assert.deepEqual(record.stageState, { stage: 'Development', resources: [], addons: [] });
    const onDisk = await fs.readFile(path.join(repo as string, STATE_FOLDER, 'runs', `${record.id}.json`), 'utf8');
    assert.ok(!onDisk.includes('hunter22-secret') && !onDisk.includes('tok-123456'), 'no secret reaches the disk');
  });

  it('keeps git status clean: the state folder ignores itself', async () => {
    await runHere();
    assert.equal(await fs.readFile(path.join(repo as string, STATE_FOLDER, '.gitignore'), 'utf8'), '# Local state of release-flow runs: never committed.\n*\n');
    assert.equal((await fs.readdir(path.join(repo as string, STATE_FOLDER, 'runs'))).length, 2, 'a record and its summary');
    assert.equal(git(repo as string, 'status', '--porcelain', '--untracked-files=all'), '');
  });

  it('marks a run whose process is gone as interrupted when the store is next opened, and keeps the rest', async () => {
    await runHere();
    const finished = await store.get('latest');
    const orphan: RunRecord = { ...finished, id: '00000000-dead-4000-8000-000000000001', status: 'running', owner: { pid: await deadPid(), hostname: finished.owner.hostname }, createdAt: '2030-01-01T00:00:00.000Z' };
    await store.save(orphan);
    const before = await fs.readFile(path.join(store.folder, 'runs', `${finished.id}.json`), 'utf8');
    const { interrupted } = await RunStore.open(store.folder);
    assert.deepEqual(interrupted.map((r) => r.id), [orphan.id]);
    const after = await store.get(orphan.id);
    assert.equal(after.status, 'interrupted');
    assert.match(after.error ?? '', /process running it \(pid \d+\) ended before the run finished/);
    assert.deepEqual(after.nodes, orphan.nodes, 'its node history is kept as it was');
    assert.equal(await fs.readFile(path.join(store.folder, 'runs', `${finished.id}.json`), 'utf8'), before, 'other records are untouched');
    assert.deepEqual((await RunStore.open(store.folder)).interrupted, [], 'reported once');
  });

  it('reports a corrupt record instead of deleting it, and still lists the others', async () => {
    await runHere();
    const bad = path.join(store.folder, 'runs', 'broken-run.json');
    await fs.writeFile(bad, '{"id": "broken-run", "status": ');
    // A crash between writing a record and its summary leaves no summary: the record stands in for it.
    const good = (await store.list()).runs[0]?.id as string;
    await fs.rm(path.join(store.folder, 'runs', `${good}.summary.json`));
    const { runs, corrupt } = await store.list();
    assert.deepEqual(runs.map((r) => r.id), [good]);
    assert.deepEqual(corrupt.map((c) => c.file), [bad]);
    assert.match(corrupt[0]?.error ?? '', /not valid JSON/);
    await assert.rejects(store.get('broken'), /cannot be read: not valid JSON.*left as it is/);
    assert.equal(await fs.readFile(bad, 'utf8'), '{"id": "broken-run", "status": ');
  });

  it('does not trust a summary whose record is corrupt or gone: the record is checked', async () => {
    await runHere();
    await runHere({ ids: new SeededIds(2) });
    const [newer, older] = (await store.list()).runs.map((r) => r.id) as [string, string];
    const corrupted = path.join(store.folder, 'runs', `${newer}.json`);
    await fs.writeFile(corrupted, '{"id": "x", "status": ');
    await fs.rm(path.join(store.folder, 'runs', `${older}.json`));
    const { runs, corrupt } = await store.list();
    assert.deepEqual(runs.map((r) => r.id), [], 'neither run is listed from its summary alone');
    assert.deepEqual(corrupt.map((c) => c.file).sort(), [corrupted, path.join(store.folder, 'runs', `${older}.json`)].sort());
    assert.equal(await fs.readFile(corrupted, 'utf8'), '{"id": "x", "status": ', 'left as it is');
  });

  it('finds runs by id, unique prefix or latest, and says when a prefix is ambiguous or unknown', async () => {
    const first = await runHere({ ids: new SeededIds(1), clock: new VirtualClock(Date.UTC(2025, 0, 1)) });
    const second = await runHere({ ids: new SeededIds(2), clock: new VirtualClock(Date.UTC(2025, 0, 2)) });
    const ids = [first, second].map((r) => (r.outcome.result === 'finished' ? r.outcome.record.id : ''));
    assert.equal((await store.get('latest')).id, ids[1]);
    assert.equal((await store.get((ids[0] as string).slice(0, 6))).id, ids[0]);
    await assert.rejects(store.get('zzz'), /No run 'zzz'/);
    await store.save({ ...(await store.get(ids[0] as string)), id: `${(ids[0] as string).slice(0, 6)}ffff-twin` });
    await assert.rejects(store.get((ids[0] as string).slice(0, 6)), /matches 2 runs/);
  });

  it('forbid: refuses a run while another run of the same flow is running, and records nothing for it', async () => {
    const active = await runHere();
    const record = active.outcome.result === 'finished' ? active.outcome.record : undefined;
    assert.ok(record);
    await store.save({ ...record, id: '11111111-1111-4111-8111-111111111111', status: 'running', owner: { ...record.owner, pid: process.pid } });
    const refused = await runHere();
    assert.equal(refused.outcome.result, 'refused');
    assert.deepEqual(refused.events.map((e) => e.type), ['dry-run', 'run-refused']);
    assert.equal((await store.list()).runs.length, 2, 'the refused request left no record');
  });

  it('queue: a run waits for the earlier runs of the same flow, then runs', async () => {
    const queued = flow([message('only')], { options: { concurrencyPolicy: 'queue' } });
    const file = path.join(repo as string, 'release-development.json');
    const first = await runVirtual(queued, { store, flowFile: file });
    const record = first.outcome.result === 'finished' ? first.outcome.record : undefined;
    assert.ok(record);
    const blocker: RunRecord = { ...record, id: '22222222-2222-4222-8222-222222222222', status: 'running', owner: { ...record.owner, pid: process.pid } };
    await store.save(blocker);
    // The queued run looks at the store each time it waits; let the blocker finish on its third look.
    let looks = 0;
    const active = store.active.bind(store);
    store.active = async (flowFile) => {
      if (++looks === 3) await store.save({ ...blocker, status: 'success' });
      return active(flowFile);
    };
    const second = await runVirtual(queued, { store, flowFile: file });
    assert.equal(finishedStatus(second), 'success');
    assert.ok(looks >= 3);
    const secondId = second.outcome.result === 'finished' ? second.outcome.record.id : '';
    assert.equal((await store.get(secondId)).status, 'success');
    const queuedEvent = second.events.find((e) => e.type === 'run-queued');
    assert.deepEqual(queuedEvent?.type === 'run-queued' && queuedEvent.ahead, [blocker.id]);
    assert.deepEqual(second.events.slice(0, 3).map((e) => e.type), ['dry-run', 'run-queued', 'run-started']);
    const started = second.events.find((e) => e.type === 'run-started');
    assert.equal(started?.type === 'run-started' && started.at, '2025-01-01T09:00:00.250Z', 'it started one queue check (250 ms) later');
  });
});
