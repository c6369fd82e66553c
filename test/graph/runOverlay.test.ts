import * as assert from 'node:assert/strict';
import { buildGraph } from '../../core/graph/build';
import { applyRunEvents, describeRun, emptyRunOverlay } from '../../core/graph/runOverlay';
import { parseFlow } from '../../core/document/parse';
import type { NodeStatus, RunEvent, RunHeader } from '../../core/runs/events';

const text = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Build', ref: 'build', spec: {} }, { kind: 'JobRun', ref: 'migrate', spec: {} }] } } });
const graph = buildGraph(parseFlow(text));
const header = { id: 'r1', kind: 'release', name: 'weekly', flowFile: 'f.json', flowHash: 'h', stage: 'Staging', arguments: {}, triggers: {} } as RunHeader;
const started: RunEvent = {
  type: 'run-started', runId: 'r1', at: '2025-01-01T00:00:00Z', run: header,
  nodes: [
    { index: 0, parent: undefined, kind: 'Workflow', ref: undefined, path: 'spec', depth: 0, workflowType: 'sequential' },
    { index: 1, parent: 0, kind: 'Build', ref: 'build', path: 'spec.spec.steps.0', depth: 1 },
    { index: 2, parent: 0, kind: 'JobRun', ref: 'migrate', path: 'spec.spec.steps.1', depth: 1 },
  ],
};
const status = (node: number, ref: string | undefined, s: NodeStatus, attempt: number, extra: object = {}): RunEvent =>
  ({ type: 'node-status', runId: 'r1', at: '2025-01-01T00:00:01Z', node, ref, kind: 'Build', status: s, attempt, ...extra }) as RunEvent;
const id = (ref: string): string => graph.nodes.find((n) => n.ref === ref)!.id;

describe('run overlay', () => {
  it('matches a run of another version (the platform\'s) to the file\'s cards by ref, not by position', () => {
    const platformStarted: RunEvent = {
      ...(started as Extract<RunEvent, { type: 'run-started' }>),
      nodes: [
        { index: 0, parent: undefined, kind: 'Workflow', ref: undefined, path: 'spec', depth: 0, workflowType: 'sequential' },
        { index: 1, parent: 0, kind: 'Approval', ref: 'gate', path: 'spec.spec.steps.0', depth: 1 },
        { index: 2, parent: 0, kind: 'Build', ref: 'build', path: 'spec.spec.steps.1', depth: 1 },
        { index: 3, parent: 0, kind: 'JobRun', ref: 'migrate', path: 'spec.spec.steps.2', depth: 1 },
      ],
    };
    const overlay = applyRunEvents(emptyRunOverlay(), [platformStarted, status(1, 'gate', 'approval_wait', 1)], graph);
    assert.equal(overlay.nodes.get(id('build'))?.status, 'pending', 'a step the file does not have lands on no card');
    applyRunEvents(overlay, [status(2, 'build', 'success', 1), status(3, 'migrate', 'running', 1)], graph);
    assert.equal(overlay.nodes.get(id('build'))?.status, 'success');
    assert.equal(overlay.nodes.get(id('migrate'))?.status, 'running');
  });

  it('starts every node pending, then follows each status, keeping outputs and errors', () => {
    const overlay = applyRunEvents(emptyRunOverlay(), [started], graph);
    assert.equal(overlay.nodes.get(id('build'))?.status, 'pending');
    assert.equal(overlay.nodes.get(graph.sections[0]!.root!)?.status, 'pending', 'the root workflow too');
    applyRunEvents(overlay, [status(1, 'build', 'running', 1), status(1, 'build', 'success', 1, { outputs: { id: 'b-1' } })], graph);
    assert.deepEqual(overlay.nodes.get(id('build')), { status: 'success', at: '2025-01-01T00:00:01Z', attempt: 1, outputs: { id: 'b-1' } });
    applyRunEvents(overlay, [status(2, 'migrate', 'retrying', 2, { error: { code: 'timeout', message: 'too slow' } }), status(2, 'migrate', 'running', 2)], graph);
    const migrate = overlay.nodes.get(id('migrate'));
    assert.equal(migrate?.status, 'running');
    assert.equal(migrate?.attempt, 2);
    assert.equal(migrate?.error, undefined, 'a new attempt clears the old error');
    applyRunEvents(overlay, [status(2, 'migrate', 'failure', 3, { error: { code: 'operation-failed', message: 'exit 1' } })], graph);
    assert.deepEqual(overlay.nodes.get(id('migrate'))?.error, { code: 'operation-failed', message: 'exit 1' });
    assert.match(describeRun(overlay) ?? '', /^Run "weekly" running: 1 of 3 nodes done$/);
    applyRunEvents(overlay, [{ type: 'run-finished', runId: 'r1', at: 'x', status: 'failure', error: 'migrate failed', durationMs: 65_000, stageState: { stage: 'Staging', resources: [], addons: [] } }], graph);
    assert.equal(describeRun(overlay), 'Run "weekly" failed in 1 min 5 s: migrate failed');
  });

  it('matches nodes by ref when the panel opened after the run started, and ignores other runs', () => {
    const overlay = applyRunEvents(emptyRunOverlay(), [status(7, 'migrate', 'waiting', 1)], graph);
    assert.equal(overlay.nodes.get(id('migrate'))?.status, 'waiting');
    applyRunEvents(overlay, [{ ...(status(7, 'migrate', 'failure', 1) as object), runId: 'other' } as RunEvent], graph);
    assert.equal(overlay.nodes.get(id('migrate'))?.status, 'waiting');
    applyRunEvents(overlay, [{ type: 'note', runId: 'r1', at: 'x', message: 'queued behind r0' }], graph);
    assert.deepEqual(overlay.notes, ['queued behind r0']);
  });

  it('takes the attempts allowed from the retries the run reports', () => {
    const overlay = applyRunEvents(emptyRunOverlay(), [started, status(2, 'migrate', 'retrying', 2, { retries: { attempts: 1, maxAttempts: 3, timestamp: 1, nextAttempt: 11 } })], graph);
    assert.equal(overlay.nodes.get(id('migrate'))?.maxAttempts, 3);
  });

  it('clears the previous run when a new one starts', () => {
    const overlay = applyRunEvents(emptyRunOverlay(), [started, status(1, 'build', 'failure', 1)], graph);
    applyRunEvents(overlay, [{ ...started, runId: 'r2' } as RunEvent], graph);
    assert.equal(overlay.runId, 'r2');
    assert.equal(overlay.nodes.get(id('build'))?.status, 'pending');
  });
});
