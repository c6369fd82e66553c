import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from '../../core/document/versions';
import { proposeCommitMessage, summarizeFlowChange, SUBJECT_LIMIT } from '../../core/gitops/summary';
import { examplesDir } from '../runner/helpers';

const build = (ref: string, branch = 'main'): Record<string, unknown> => ({ kind: 'Build', ref, spec: { id: 'builder', type: 'service', branch } });
const release = (ref: string | undefined, target: string): Record<string, unknown> => ({
  kind: 'Release', ...(ref === undefined ? {} : { ref }), spec: { type: 'build', origin: { id: 'builder', build: '${refs.build.id}' }, target: { id: target, type: 'service' } },
});
const flowText = (steps: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ apiVersion: 'v1.2', ...extra, spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } }, null, 2);

describe('gitops: summary of a flow change', () => {
  it('names nodes added, removed and changed by ref and kind', () => {
    const before = flowText([build('build'), release('deploy-api', 'api'), release('deploy-worker', 'worker')]);
    const after = flowText([build('build', 'release'), release('deploy-api', 'api'), release('deploy-web', 'web')]);
    const summary = summarizeFlowChange(before, after);
    assert.deepEqual(
      summary.nodes.map((n) => `${n.change} ${n.kind} ${n.ref}`).sort(),
      ['added Release deploy-web', 'changed Build build', 'removed Release deploy-worker'],
    );
    const message = proposeCommitMessage(summary, 'release-development');
    assert.equal(message.subject, 'release-development: add deploy-web; remove deploy-worker; change build');
    assert.match(message.body, /^- Added Release 'deploy-web'$/m);
    assert.match(message.body, /^- Removed Release 'deploy-worker'$/m);
    assert.match(message.body, /^- Changed Build 'build'$/m);
  });

  it('does not count a workflow as changed when only its steps changed', () => {
    const before = flowText([build('build'), release('deploy-api', 'api')]);
    const after = flowText([build('build'), release('deploy-api', 'api-v2')]);
    const summary = summarizeFlowChange(before, after);
    assert.deepEqual(summary.nodes.map((n) => `${n.change} ${n.ref ?? n.kind}`), ['changed deploy-api']);
  });

  it('counts reordered steps as a change of their workflow', () => {
    const summary = summarizeFlowChange(flowText([build('a'), build('b')]), flowText([build('b'), build('a')]));
    assert.deepEqual(summary.nodes.map((n) => `${n.change} ${n.kind} ${n.path}`), ['changed Workflow spec']);
  });

  it('treats key order and formatting as cosmetic', () => {
    const before = flowText([build('build')]);
    const after = JSON.stringify(JSON.parse(before));
    const summary = summarizeFlowChange(before, after);
    assert.equal(summary.cosmetic, true);
    assert.equal(proposeCommitMessage(summary, 'release-x').subject, 'Reformat release flow release-x');
    assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });

  it('reports triggers, arguments and other sections', () => {
    const before = flowText([build('build')], { arguments: { A: '1', B: '2' }, triggers: [{ ref: 'push', branchRestrictions: ['main'] }], options: { concurrencyPolicy: 'allow' } });
    const after = flowText([build('build')], { arguments: { A: '1', C: '3' }, triggers: [{ ref: 'push', branchRestrictions: ['release/*'] }], options: { concurrencyPolicy: 'queue' } });
    const summary = summarizeFlowChange(before, after);
    assert.deepEqual(summary.triggers, [{ change: 'changed', name: 'push' }]);
    assert.deepEqual(summary.arguments.map((a) => `${a.change} ${a.name}`).sort(), ['added C', 'removed B']);
    assert.deepEqual(summary.sections, ['options']);
    assert.equal(proposeCommitMessage(summary, 'release-x').subject, 'release-x: update trigger push, argument C, argument B, options');
  });

  it('matches nodes without a ref by their place', () => {
    const summary = summarizeFlowChange(flowText([release(undefined, 'api')]), flowText([release(undefined, 'web')]));
    assert.deepEqual(summary.nodes.map((n) => `${n.change} ${n.kind} ${n.path}`), ['changed Release spec.spec.steps.0']);
    assert.match(proposeCommitMessage(summary, 'f').subject, /^f: change Release at spec\.spec\.steps\.0$/);
  });

  it('describes a new file by what it holds', async () => {
    const text = await fs.readFile(path.join(examplesDir, 'release-development.json'), 'utf8');
    const summary = summarizeFlowChange(undefined, text);
    assert.equal(summary.created, true);
    assert.deepEqual(summary.sections, []);
    const message = proposeCommitMessage(summary, 'release-development');
    assert.equal(message.subject, 'Add release flow release-development (5 nodes)');
    assert.match(message.body, /- Added Build 'build'/);
    assert.match(message.body, /- Added trigger 'main-push'/);
  });

  it('keeps the subject within the limit by counting when there are many changes', () => {
    const refs = Array.from({ length: 12 }, (_, i) => `deploy-service-number-${i}`);
    const summary = summarizeFlowChange(flowText([build('build')]), flowText([build('build'), ...refs.map((r) => release(r, r))]));
    const { subject, body } = proposeCommitMessage(summary, 'release-production');
    assert.ok(subject.length <= SUBJECT_LIMIT, subject);
    assert.equal(subject, 'release-production: 12 nodes added');
    assert.equal(body.split('\n').length, 12);
  });

  it('survives a broken new version', () => {
    const summary = summarizeFlowChange(flowText([build('build')]), '{ "apiVersion": "v1.2", "spec": { "kind": "Workflow", ');
    assert.ok(summary.nodes.some((n) => n.change === 'removed' && n.ref === 'build'));
  });
});
