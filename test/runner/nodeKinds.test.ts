import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { PipelineDescription } from '../../core/pipeline/description';
import { SimpleGitProvider } from '../../core/git/repository';
import { RunStore, STATE_FOLDER } from '../../core/runs/store';
import { MASK } from '../../core/runs/secrets';
import { finishedStatus, flow, message, registryRelease, removeDir, runVirtual, tempRepo, timed } from './helpers';
import { promises as fs } from 'node:fs';

describe('runner: actions, approvals, loops and other node kinds', () => {
  it('runs actions on deployed resources, restores a completed backup, waits for an approval', async () => {
    const text = flow([
      registryRelease('deploy', 'shop-api', { condition: 'running' }),
      { kind: 'Action', ref: 'restart', spec: { kind: 'Service', spec: { type: 'restart', data: { serviceId: 'shop-api' } } } },
      { kind: 'Action', ref: 'smoke', spec: { kind: 'Service', spec: { type: 'execute', data: { serviceId: 'shop-api', command: 'npm test' } } } },
      { kind: 'AddonBackup', ref: 'backup', spec: { addonId: 'shop-db' }, condition: 'success' },
      { kind: 'Action', ref: 'restore', spec: { kind: 'AddonBackup', spec: { type: 'restore', data: { addonId: 'shop-db', backupId: '${refs.backup.id}' } } } },
      { kind: 'Approval', ref: 'approve', spec: { amount: 1 } },
      { kind: 'RolloutStrategy', ref: 'canary', spec: { name: 'canary', type: 'canary', details: { canaryStrategy: 'percentage', config: { canaryPercentage: 10, stablePercentage: 90 } } } },
    ]);
    const run = await runVirtual(text, { scenario: timed({ Action: '5s', Approval: '30s', AddonBackup: '10s' }, { outcomes: [{ match: { kind: 'Approval' }, results: ['success'] }] }) });
    assert.equal(finishedStatus(run), 'success');
    assert.deepEqual(run.last('smoke').outputs, { exitCode: 0, status: 'Success', message: '' });
    assert.deepEqual(run.statuses('smoke'), ['running', 'success'], 'a command runs: the node is running, not waiting');
    assert.match((run.last('restore').outputs as { restoreId: string }).restoreId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(run.statuses('approve'), ['running', 'approval_wait', 'success']);
    assert.equal(run.at('approve', 'success') - run.at('approve', 'running'), 30_000);
    assert.equal((run.last('canary').outputs as { details: { canaryStrategy: string } }).details.canaryStrategy, 'percentage');

    const failing = await runVirtual(text, { scenario: timed({}, { outcomes: [{ match: { ref: 'smoke' }, results: ['fail'] }, { match: { kind: 'Approval' }, results: ['fail'] }], retryDelay: '1s' }) });
    assert.equal(finishedStatus(failing), 'failure');
    assert.equal(failing.last('smoke').status, 'failure');
    assert.deepEqual(failing.statuses('approve'), []);
  });

  it('refuses an action on a resource outside the stage of the pipeline, at once: a retry would not help', async () => {
    const pipeline: PipelineDescription = { stages: [{ name: 'Development', index: 0, resources: [{ id: 'shop-api-dev', type: 'service' }] }] };
    const run = await runVirtual(flow([{ kind: 'Action', ref: 'restart', spec: { kind: 'Service', spec: { type: 'restart', data: { serviceId: 'shop-api-prod' } } } }]), { pipeline, stage: 'Development' });
    assert.equal(finishedStatus(run), 'failure');
    assert.equal(run.last('restart').error?.code, 'not-in-stage');
    assert.match(run.last('restart').error?.message ?? '', /The target service 'shop-api-prod' is not in the Development stage of the pipeline \(services there: shop-api-dev\)/);
    assert.equal(run.last('restart').attempt, 1);
  });

  it('runs the steps of a loop workflow once per iteration', async () => {
    const text = flow([{ kind: 'LoopWorkflow', ref: 'each', spec: { iterations: [{ region: 'eu' }, { region: 'us' }], steps: [message('per-region')] } }]);
    const run = await runVirtual(text);
    assert.equal(finishedStatus(run), 'success');
    assert.deepEqual(run.statuses('per-region'), ['running', 'success', 'running', 'success']);
    assert.deepEqual(run.events.filter((e) => e.type === 'note' && e.message.startsWith('Iteration')).map((e) => e.type === 'note' && e.message), ['Iteration 1 of 2.', 'Iteration 2 of 2.']);
  });
});

describe('runner: randomSecret kept per flow and place, masked everywhere', () => {
  let repo: string | undefined;
  afterEach(async () => removeDir(repo));

  it('generates the secret once, keeps it in the state folder, and never shows it', async () => {
    const text = flow([
      message('first', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: 'password ${fn.randomSecret(24)}' } } }),
      message('second', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: '${fn.randomSecret(24)}' } } }),
    ]);
    repo = await tempRepo({ 'release-development.json': text });
    const { store } = await RunStore.open(path.join(repo, STATE_FOLDER));
    const options = { store, git: new SimpleGitProvider(repo), flowFile: path.join(repo, 'release-development.json') };
    const one = await runVirtual(text, options);
    const secretsFile = path.join(store.folder, 'secrets.json');
    const secrets = JSON.parse(await fs.readFile(secretsFile, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(secrets).sort(), ['/release-development.json|first|spec.spec.message|0|24|base64', '/release-development.json|second|spec.spec.message|0|24|base64'], 'one secret per place');
    assert.equal((await fs.stat(secretsFile)).mode & 0o777, 0o600);
    const two = await runVirtual(text, options);
    assert.deepEqual(JSON.parse(await fs.readFile(secretsFile, 'utf8')), secrets, 'the second run reuses them');
    for (const run of [one, two]) {
      const shown = JSON.stringify(run.events);
      for (const value of Object.values(secrets)) assert.ok(!shown.includes(value), 'no event shows a secret');
      const request = run.events.find((e) => e.type === 'node-status' && e.ref === 'first' && e.request !== undefined);
      assert.equal(request?.type === 'node-status' && (request.request as { spec: { spec: { message: string } } }).spec.spec.message, `password ${MASK}`);
    }
    const records = await Promise.all((await fs.readdir(path.join(store.folder, 'runs'))).map((f) => fs.readFile(path.join(store.folder, 'runs', f), 'utf8')));
    for (const value of Object.values(secrets)) assert.ok(records.every((r) => !r.includes(value)), 'no record holds a secret');
  });
});
