import * as assert from 'node:assert/strict';
import { buildGraph } from '../../core/graph/build';
import { formatDuration } from '../../core/graph/summary';
import { parseFlow } from '../../core/document/parse';

/** The card summary and kind title of one step with this JSON. */
function card(step: Record<string, unknown>): { summary: string; kindTitle: string; icon: string } {
  const graph = buildGraph(parseFlow(JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [step] } } })));
  const node = graph.nodes.find((n) => n.type === 'step' || (n.type === 'workflow' && n.parent !== undefined));
  assert.ok(node);
  return { summary: node.summary, kindTitle: node.kindTitle, icon: node.icon };
}

describe('card summaries', () => {
  it('say what each node does in one line, as the issue words them', () => {
    assert.equal(card({ kind: 'Build', spec: { id: 'builder', type: 'service', branch: 'main' } }).summary, 'Build builder @ main');
    assert.equal(card({ kind: 'Release', spec: { type: 'deployment', origin: { id: 'job-staging', type: 'job' }, target: { id: 'job-prod', type: 'job' } } }).summary, 'Promote job-staging -> job-prod');
    assert.equal(card({ kind: 'AddonBackup', spec: { addonId: 'postgres-prod', backupType: 'snapshot' } }).summary, 'Back up postgres-prod (snapshot)');
    assert.equal(card({ kind: 'Condition', spec: { kind: 'JobRun', spec: { type: 'success', data: { jobId: 'job-prod', runId: '${refs.run.id}', timeoutDuration: 600 } } } }).summary, 'Wait: job-prod run succeeds, 10 min');
  });

  it('cover every kind, with sensible words when fields are missing', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'Build', spec: { id: 'b', pullRequestId: 12, sha: 'abcdef0123456789' } }, 'Build b @ PR #12 (abcdef0)'],
      [{ kind: 'Build', spec: {} }, 'Build a build service (latest commit)'],
      [{ kind: 'Release', spec: { type: 'build', origin: { id: 'builder', build: 'latest' }, target: { id: 'api' } } }, 'Deploy builder (latest build) -> api'],
      [{ kind: 'Release', spec: { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'web' } } }, 'Deploy image nginx:1 -> web'],
      [{ kind: 'AddonBackup', spec: { addonId: 'db' } }, 'Back up db (snapshot)'],
      [{ kind: 'AddonImport', spec: { addonId: 'db', importUrl: 'https://x' } }, 'Import into db from a file'],
      [{ kind: 'JobRun', spec: { jobId: 'migrate' } }, 'Run migrate'],
      [{ kind: 'Action', spec: { kind: 'Service', spec: { type: 'restart', data: { serviceId: 'api' } } } }, 'Restart service api'],
      [{ kind: 'Action', spec: { kind: 'AddonBackup', spec: { type: 'restore', data: { addonId: 'db', backupId: 'b1' } } } }, 'Restore backup b1 of db'],
      [{ kind: 'Condition', spec: { kind: 'Service', spec: { type: 'running', data: { serviceId: 'api', timeoutDuration: 5400 } } } }, 'Wait: api is running, 1 h 30 min'],
      [{ kind: 'Condition', spec: { kind: 'Addon', spec: { type: 'running', data: { addonId: 'db', timeoutDuration: 45 } } } }, 'Wait: db is running, 45 s'],
      [{ kind: 'Message', spec: { kind: 'VCS', spec: { pullRequestId: 7 } } }, 'Comment on pull request #7'],
      [{ kind: 'Approval', spec: { amount: 2 } }, 'Needs 2 approvals'],
      [{ kind: 'RolloutStrategy', spec: { name: 'canary', details: { config: { canaryPercentage: 10 } } } }, 'canary: 10% canary'],
      [{ kind: 'SecretInheritance', spec: { configs: ['a'], secrets: ['b', 'c'] } }, 'Inherit 3 secret groups'],
      [{ kind: 'RunTemplate', spec: { templateType: 'release-flow-template', templateId: 't1' } }, 'Run release flow template t1'],
      [{ kind: 'LoopWorkflow', spec: { iterations: [{}, {}], steps: [{ kind: 'LoopData', spec: {} }] } }, 'For each of 2 items: 1 step'],
      [{ kind: 'Workflow', spec: { type: 'parallel', steps: [] } }, 'Parallel · 0 steps'],
      [{ spec: {} }, 'Node without a "kind"'],
    ];
    for (const [step, expected] of cases) assert.equal(card(step).summary, expected, JSON.stringify(step));
  });

  it('name the kind and pick its icon; a promotion is not a plain release', () => {
    assert.deepEqual(card({ kind: 'Release', spec: { type: 'deployment' } }), { summary: 'Promote the previous stage -> a target', kindTitle: 'Promote', icon: 'promote' });
    assert.equal(card({ kind: 'Release', spec: { type: 'build' } }).icon, 'release');
    assert.equal(card({ kind: 'Mystery', spec: {} }).icon, 'unknown');
  });

  it('format timeouts for people', () => {
    assert.equal(formatDuration(30), '30 s');
    assert.equal(formatDuration(600), '10 min');
    assert.equal(formatDuration(3600), '1 h');
    assert.equal(formatDuration('${args.T}'), 'timeout ${args.T}');
  });
});
