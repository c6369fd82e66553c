import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffWithPlatform, flowOfPlatform, formatFlowDiff } from '../../core/northflank/flowDiff';
import { nodeStateOf, RemoteRunTracker, runStatusOf, type RunDetails } from '../../core/northflank/remoteRuns';
import { fileStageOf, readLinks, resolveTarget, TargetError, writeLink } from '../../core/northflank/target';
import type { PipelineDescription, PipelineStage } from '../../core/pipeline/description';

describe('northflank target resolution', () => {
  const base = { flags: {}, env: {}, link: undefined, fileName: 'release-development.json' };

  it('flags, then environment, then the link, then the stage the file maps to', () => {
    const link = { project: 'lp', pipeline: 'll', stage: 'Staging' };
    assert.deepEqual(resolveTarget({ ...base, link, fileStage: { stage: 'Development', reason: 'file name' } }).target, { project: 'lp', pipeline: 'll', stage: 'Staging' });
    const resolved = resolveTarget({ ...base, flags: { project: 'fp' }, env: { NORTHFLANK_PROJECT: 'ep', NORTHFLANK_PIPELINE: 'el', NORTHFLANK_TEAM: 'et' }, link: { project: 'lp', pipeline: 'll' }, fileStage: { stage: 'Development', reason: 'file name release-development.json' } });
    assert.deepEqual(resolved.target, { project: 'fp', pipeline: 'el', stage: 'Development', team: 'et' });
    assert.deepEqual(resolved.from, { project: '--project', pipeline: 'NORTHFLANK_PIPELINE', stage: 'file name release-development.json', team: 'NORTHFLANK_TEAM' });
  });

  it("the stage a file maps to by itself: the pipeline description, else gitops.filePath or the file's name; never the Development fallback", () => {
    const flow = (filePath?: string): string => JSON.stringify({ apiVersion: 'v1.2', ...(filePath ? { gitops: { repoUrl: 'https://github.com/o/r', branch: 'main', filePath } } : {}), spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [] } } });
    const stage = (name: string, index: number, releaseFlowFilePath?: string): PipelineStage => ({ name, index, resources: [], ...(releaseFlowFilePath ? { releaseFlowFilePath } : {}) });
    const pipeline: PipelineDescription = { stages: [stage('Development', 0), stage('Staging', 1, '/deploy/flow.json'), stage('Production', 2, '/deploy/prod.json')] };
    // The pipeline description lists the file itself, or its gitops.filePath.
    assert.equal(fileStageOf(flow(), pipeline, '/deploy/flow.json', '/repo/deploy/flow.json')?.stage, 'Staging');
    assert.equal(fileStageOf(flow('/deploy/prod.json'), pipeline, '/other/copy.json', '/repo/other/copy.json')?.stage, 'Production');
    // No description: gitops.filePath, or the file's name.
    assert.equal(fileStageOf(flow('/release/staging.json'), undefined, '/flows/main.json', '/repo/flows/main.json')?.stage, 'Staging');
    assert.equal(fileStageOf(flow(), undefined, '/release-production.json', '/repo/release-production.json')?.stage, 'Production');
    // Nothing names a stage: no stage (the target then asks for one), not Development by default.
    assert.equal(fileStageOf(flow(), undefined, '/flows/main.json', '/repo/flows/main.json'), undefined);
    assert.equal(fileStageOf('{ not json', undefined, undefined, '/tmp/flow.json'), undefined);
  });

  it('names every missing field and how to give it', () => {
    assert.throws(() => resolveTarget({ ...base, flags: { project: 'p' } }), (error: Error) => {
      assert.ok(error instanceof TargetError);
      assert.match(error.message, /^No platform pipeline, stage for release-development.json \(the file maps to no stage/);
      assert.match(error.message, /pass --pipeline, --stage, set NORTHFLANK_PIPELINE, NORTHFLANK_STAGE, or save them with 'release-flow remote link/);
      return true;
    });
  });

  it('links are kept in one committed file, by repository path, other links untouched', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-links-'));
    try {
      assert.deepEqual(await readLinks(root), { links: {} });
      await writeLink(root, '/release-staging.json', { project: 'a', pipeline: 'b', stage: 'Staging' });
      const file = await writeLink(root, '/release-development.json', { project: 'a', pipeline: 'b' });
      assert.equal(file, path.join(root, '.northflank', 'release-flow-links.json'));
      assert.deepEqual(JSON.parse(await fs.readFile(file, 'utf8')), { links: { '/release-development.json': { project: 'a', pipeline: 'b' }, '/release-staging.json': { project: 'a', pipeline: 'b', stage: 'Staging' } } });
      await assert.rejects(writeLink(root, '/x.json', { project: '../etc', pipeline: 'b' }), /not a platform id/);
      await fs.writeFile(file, '{oops');
      await assert.rejects(readLinks(root), /is not a link file/);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('northflank flow diff', () => {
  const file = { apiVersion: 'v1.2', options: { concurrencyPolicy: 'allow' }, spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Build', ref: 'build', spec: { id: 'b', branch: 'main' } }, { kind: 'Release', ref: 'deploy', spec: { type: 'build' } }] } } };

  it('ignores the fields the platform adds and key order', () => {
    const platform = flowOfPlatform({ status: 'success', stage: 'Development', createdAt: 'x', updatedAt: 'y', paused: false, teardownSpec: null, spec: file.spec, options: { concurrencyPolicy: 'allow' }, apiVersion: 'v1.2' });
    const diff = diffWithPlatform(JSON.stringify(file, null, 4), platform);
    assert.equal(diff.identical, true);
    assert.deepEqual(formatFlowDiff(diff), ['The file and the platform hold the same flow.']);
  });

  it('takes options at their documented defaults as absent (the platform holds paused: false after a pause and resume)', () => {
    const { options: _options, ...bare } = file;
    const platform = flowOfPlatform({ ...bare, options: { concurrencyPolicy: 'allow', paused: false }, status: 'success' });
    assert.equal(diffWithPlatform(JSON.stringify(bare), platform).identical, true);
    assert.deepEqual(formatFlowDiff(diffWithPlatform(JSON.stringify(bare), { ...platform, options: { paused: true } })), ['~ options.paused changed']);
  });

  it('summarises by node ref: added, removed, changed with field paths', () => {
    const platform = structuredClone(file) as typeof file;
    platform.spec.spec.steps[0] = { kind: 'Build', ref: 'build', spec: { id: 'b', branch: 'devel' } };
    platform.spec.spec.steps[1] = { kind: 'Release', ref: 'old-deploy', spec: { type: 'build' } };
    platform.options.concurrencyPolicy = 'queue';
    const diff = diffWithPlatform(JSON.stringify(file), platform);
    assert.equal(diff.identical, false);
    assert.deepEqual(formatFlowDiff(diff), [
      '~ build (Build) changed: spec.branch',
      '+ deploy (Release) only in the file',
      '- old-deploy (Release) only on the platform',
      '~ options.concurrencyPolicy changed',
    ]);
  });
});

describe('northflank runs in the run model', () => {
  it('maps every node status of the platform', () => {
    assert.deepEqual(nodeStateOf(undefined), { status: 'pending', attempt: 0 });
    assert.deepEqual(nodeStateOf({ status: 'waiting' }), { status: 'pending', attempt: 0 });
    assert.deepEqual(nodeStateOf({ status: 'waiting', startTime: 1, retries: { attempts: 1, maxAttempts: 3, timestamp: 1 } }), { status: 'running', attempt: 1, retries: { attempts: 1, maxAttempts: 3, timestamp: 1 } });
    assert.deepEqual(nodeStateOf({ status: 'invalid', error: { code: 400, message: 'bad spec' } }), { status: 'failure', attempt: 0, error: { code: 'invalid', message: 'bad spec' } });
    assert.deepEqual(nodeStateOf({ status: 'unknown' }), { status: 'waiting', attempt: 0, unknown: true });
    assert.deepEqual(nodeStateOf({ status: 'retrying', startTime: 1, error: { code: 500, message: 'boom' }, retries: { attempts: 2, maxAttempts: 3, timestamp: 2, nextAttempt: 62 } }), { status: 'retrying', attempt: 2, retries: { attempts: 2, maxAttempts: 3, timestamp: 2, nextAttempt: 62 }, error: { code: 'platform-500', message: 'boom' } });
    for (const same of ['success', 'failure', 'skipped', 'aborting', 'aborted', 'async_wait', 'approval_wait'] as const) {
      assert.equal(nodeStateOf({ status: same, startTime: 1 }).status, same);
    }
    assert.equal(runStatusOf({ status: 'skipped', concluded: true }), 'success');
    assert.equal(runStatusOf({ status: 'approval_wait', concluded: false }), 'running');
    assert.equal(runStatusOf({ status: 'unknown', concluded: true }), 'failure');
    assert.equal(runStatusOf({ status: 'queued', concluded: false }), 'queued');
  });

  it('turns successive run details into run-started, node-status on change, a note for unknown, and run-finished', () => {
    const details = (status: RunDetails['status'], build: Record<string, unknown>, concluded = false): RunDetails => ({
      apiVersion: 'v1.2', id: 'run-1', status, concluded, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', startedAt: '2026-01-01T00:00:00.000Z',
      ...(concluded ? { concludedAt: '2026-01-01T00:00:10.000Z' } : {}),
      arguments: { API_TOKEN: 'real-secret', BRANCH: 'main' },
      spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Build', ref: 'build', spec: {}, response: build }] }, response: { status: concluded ? build.status : 'waiting', startTime: 1 } },
    });
    const tracker = new RemoteRunTracker({ flowFile: '/r/release-development.json', target: { project: 'p', pipeline: 'l', stage: 'Development' }, now: () => 0 });
    const first = tracker.update(details('running', { status: 'waiting' }));
    assert.deepEqual(first.map((e) => e.type), ['run-started', 'node-status']);
    assert.deepEqual((first[0] as { run: { arguments: unknown } }).run.arguments, { API_TOKEN: '********', BRANCH: 'main' });
    assert.deepEqual(tracker.update(details('running', { status: 'waiting' })), []);
    const unknown = tracker.update(details('running', { status: 'unknown', startTime: 1 }));
    assert.deepEqual(unknown.map((e) => e.type), ['note', 'node-status']);
    const end = tracker.update(details('failure', { status: 'failure', startTime: 1, endTime: 2, error: { code: 500, message: 'compile error' }, retries: { attempts: 1, maxAttempts: 1, timestamp: 1 } }, true));
    assert.deepEqual(end.map((e) => (e.type === 'node-status' ? `${e.ref ?? e.kind}:${e.status}` : e.type)), ['Workflow:failure', 'build:failure', 'run-finished']);
    const finished = end[2] as { status: string; error: string; durationMs: number };
    assert.deepEqual([finished.status, finished.error, finished.durationMs], ['failure', 'build failed: compile error', 10_000]);
    assert.equal(tracker.concluded, true);
  });
});
