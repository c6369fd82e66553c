import * as assert from 'node:assert/strict';
import type { RunStatusMessage } from '../../core/graph/messages';
import type { NodeStatus, RunEvent, RunHeader, RunNodeInfo } from '../../core/runs/events';
import { parseFlow } from '../../core/document/parse';
import { exampleText, openPreview, updateOf, useChromium } from './browser';

const text = exampleText('production');
const model = parseFlow(text);
/** The run-started event the runner emits for this flow. */
const nodes: RunNodeInfo[] = model.nodes.map((n) => ({ index: n.index, parent: n.parent?.index, kind: n.kind ?? '', ref: n.ref, path: n.path.join('.'), depth: n.depth }));
const header = { id: 'run-1', kind: 'release', name: 'friday', flowFile: 'examples/release-production.json', flowHash: 'x', stage: 'Production', arguments: {}, triggers: {} } as RunHeader;
const at = '2025-06-06T10:00:00.000Z';
const started: RunEvent = { type: 'run-started', runId: 'run-1', at, run: header, nodes };
const status = (ref: string, s: NodeStatus, attempt: number, extra: Partial<Extract<RunEvent, { type: 'node-status' }>> = {}): RunEvent => {
  const node = model.nodesByRef.get(ref)![0]!;
  return { type: 'node-status', runId: 'run-1', at, node: node.index, ref, kind: node.kind ?? '', status: s, attempt, ...extra };
};
const run = (...events: RunEvent[]): RunStatusMessage => ({ type: 'runStatus', events });
const cardOf = (ref: string): string => `[data-node-id="node:${model.nodesByRef.get(ref)![0]!.path.join('.')}"]`;

describe('flow graph page: run status overlay (Chromium)', function () {
  const browser = useChromium(this);

  it('changes node states as the run reports them and shows outputs or errors on click', async () => {
    const preview = await openPreview(browser(), { name: 'run', width: 760, height: 1000 });
    await preview.send(updateOf(text, 1, 'release-production.json'));
    const stateOf = async (ref: string): Promise<{ cls: string; label: string }> => ({
      cls: (await preview.page.getAttribute(cardOf(ref), 'class')) ?? '',
      label: (await preview.page.textContent(`${cardOf(ref)} .rf-status-slot`)) ?? '',
    });

    await preview.send(run(started));
    await preview.page.waitForSelector(`${cardOf('backup')}.rf-status-pending`);
    assert.equal((await stateOf('notify')).label, 'Pending');

    await preview.send(run(status('backup', 'running', 1)));
    await preview.page.waitForSelector(`${cardOf('backup')}.rf-status-running`);
    assert.equal((await stateOf('backup')).label, 'Running');

    await preview.send(run(
      status('backup', 'success', 1, { outputs: { id: 'backup-7f3a', addonId: 'shop-db-prod', status: 'completed' } }),
      status('backup-done', 'success', 1),
      status('promote-migrate', 'waiting', 1),
      status('migrate', 'retrying', 2, { error: { code: 'operation-failed', message: 'exit code 1: relation "orders" already exists' } }),
    ));
    await preview.page.waitForSelector(`${cardOf('migrate')}.rf-status-retrying`);
    assert.equal((await stateOf('migrate')).label, 'Retry 2');
    assert.equal((await stateOf('promote-migrate')).label, 'Waiting');
    assert.match((await stateOf('backup')).cls, /rf-status-success/);
    assert.match((await preview.page.textContent('.rf-toolbar-info')) ?? '', /Run "friday" running: 2 of 8 nodes done/);
    await preview.screenshot('webview-run-overlay');

    await preview.page.click(`${cardOf('backup')} .rf-title`);
    await preview.page.waitForSelector('.rf-popover:not([hidden])');
    const popover = (await preview.page.textContent('.rf-popover')) ?? '';
    assert.match(popover, /Succeeded/);
    assert.ok(popover.includes('"id": "backup-7f3a"'), 'the outputs are listed');

    await preview.page.click(`${cardOf('migrate')} .rf-title`);
    await preview.page.waitForFunction(() => document.querySelector('.rf-popover')?.textContent?.includes('operation-failed'));
    assert.match((await preview.page.textContent('.rf-popover')) ?? '', /Retrying \(attempt 2\)[\s\S]*operation-failed: exit code 1: relation "orders" already exists/);
    await preview.screenshot('webview-run-popover');

    await preview.send(run(
      status('migrate', 'failure', 3, { error: { code: 'operation-failed', message: 'gave up' } }),
      status('migrate-done', 'skipped', 0),
      { type: 'run-finished', runId: 'run-1', at, status: 'failure', error: 'migrate failed', durationMs: 95_000, stageState: { stage: 'Production', resources: [], addons: [] } },
    ));
    await preview.page.waitForSelector(`${cardOf('migrate')}.rf-status-failure`);
    assert.equal((await stateOf('migrate')).label, 'Failed 3');
    assert.match((await stateOf('migrate-done')).cls, /rf-status-skipped/);
    assert.match((await preview.page.textContent('.rf-toolbar-info')) ?? '', /Run "friday" failed in 1 min 35 s: migrate failed/);
    assert.match((await preview.page.textContent('.rf-popover')) ?? '', /gave up/, 'the open popover follows the node');

    // An edit during the run keeps the statuses.
    await preview.send(updateOf(text.replace('"RELEASE_NOTE": "scheduled release"', '"RELEASE_NOTE": "hotfix"'), 2));
    assert.match((await stateOf('migrate')).cls, /rf-status-failure/);
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });

  it('shows Approve / Reject on a node waiting for approval, and tells the host which was clicked', async () => {
    const flowText = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Approval', ref: 'sign-off', spec: { amount: 1 } }] } } }, null, 2);
    const flowModel = parseFlow(flowText);
    const flowNodes: RunNodeInfo[] = flowModel.nodes.map((n) => ({ index: n.index, parent: n.parent?.index, kind: n.kind ?? '', ref: n.ref, path: n.path.join('.'), depth: n.depth }));
    const signOff = flowModel.nodesByRef.get('sign-off')![0]!;
    const card = `[data-node-id="node:${signOff.path.join('.')}"]`;
    const preview = await openPreview(browser(), { name: 'approval', width: 600, height: 500 });
    await preview.send(updateOf(flowText, 1, 'release-approval.json'));
    await preview.send(run({ type: 'run-started', runId: 'run-2', at, run: { ...header, id: 'run-2' }, nodes: flowNodes }, { type: 'node-status', runId: 'run-2', at, node: signOff.index, ref: 'sign-off', kind: 'Approval', status: 'approval_wait', attempt: 1 }));
    await preview.page.waitForSelector(`${card}.rf-status-approval_wait`);
    await preview.page.click(`${card} .rf-title`);
    await preview.page.waitForSelector('.rf-popover:not([hidden]) .rf-pop-approve');
    await preview.page.click('.rf-pop-reject');
    const decided = (await preview.posted()).filter((m) => m.type === 'decideApproval');
    assert.deepEqual(decided, [{ type: 'decideApproval', nodeId: `node:${signOff.path.join('.')}`, decision: 'reject' }]);
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });
});
