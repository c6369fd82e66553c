import * as assert from 'node:assert/strict';
import { nodeKindsValidator } from '../../core/validation/nodeKinds';
import { build, check, clean, diag, flow, node, workflow } from './helpers';

const ACCEPTS = /A release flow accepts: Workflow, Release, Build, JobRun, AddonBackup, AddonImport, Action, Condition, Message, Approval, RolloutStrategy, SecretInheritance, RunTemplate, LoopWorkflow, LoopData\./;

describe('nodeKinds validator', () => {
  it('accepts every release-flow kind, nested or not', () => {
    const kinds = ['Release', 'Build', 'JobRun', 'AddonBackup', 'AddonImport', 'Action', 'Condition', 'Message', 'Approval', 'RolloutStrategy', 'SecretInheritance', 'RunTemplate', 'LoopData'];
    clean(nodeKindsValidator, flow({ steps: [workflow('par', 'parallel', kinds.map((k, i) => node(k, `n${i}`))), node('LoopWorkflow', 'loop', { steps: [build('b')] })] }));
  });

  it('flags an unknown kind on its "kind" value, with a suggestion and the list of valid kinds', () => {
    const [d] = check(nodeKindsValidator, flow({ steps: [node('Relase', 'r')] }), [
      diag('unknown-kind', 'error', '"Relase"', /Unknown node kind 'Relase'\./, /Did you mean 'Release'\?/, ACCEPTS),
    ]);
    assert.deepEqual(d?.data, { name: 'Relase', suggestion: 'Release' });
  });

  it('suggests the right spelling for a case-only mistake', () => {
    check(nodeKindsValidator, flow({ steps: [node('jobRun')] }), [diag('unknown-kind', 'error', '"jobRun"', /Did you mean 'JobRun'\?/)]);
  });

  it('gives no suggestion when nothing is close, but still the list', () => {
    const [d] = check(nodeKindsValidator, flow({ steps: [node('Deploy')] }), [diag('unknown-kind', 'error', '"Deploy"', ACCEPTS)]);
    assert.doesNotMatch(d?.message ?? '', /Did you mean/);
    assert.deepEqual(d?.data, { name: 'Deploy' });
  });

  it('finds unknown kinds deep inside nested workflows', () => {
    check(nodeKindsValidator, flow({ steps: [workflow('p', 'parallel', [workflow('s', 'sequential', [node('Bulid', 'b')])])] }), [
      diag('unknown-kind', 'error', '"Bulid"', /Did you mean 'Build'\?/),
    ]);
  });

  it('flags a template-only kind as template-only-kind, listing what a release flow accepts', () => {
    const [d] = check(nodeKindsValidator, flow({ steps: [node('BuildService', 'svc'), node('Addon', 'db')] }), [
      diag('template-only-kind', 'error', '"BuildService"', /'BuildService' nodes exist in templates but not in release flows/, ACCEPTS),
      diag('template-only-kind', 'error', '"Addon"', /'Addon' nodes exist in templates/),
    ]);
    assert.doesNotMatch(d?.message ?? '', /BuildService,|, BuildService/, 'the valid list must not contain template kinds');
  });

  it('flags a teardown-only kind in "spec" but accepts it in "teardownSpec"', () => {
    check(nodeKindsValidator, flow({ steps: [node('OpenTofuDestroy', 'destroy', { nodeRef: 'tofu' })] }), [
      diag('teardown-only-kind', 'error', '"OpenTofuDestroy"', /only in "teardownSpec"/),
    ]);
    clean(nodeKindsValidator, flow({ teardown: [node('OpenTofuDestroy', 'destroy', { nodeRef: 'tofu' })] }));
  });

  it('limits nested teardown steps to the kinds the reference allows in "teardownSpec", not only its root', () => {
    const nested = workflow('cleanup', 'parallel', [node('JobRun', 'drop', { jobId: 'drop-db' }), node('Release', 'redeploy'), node('Build', 'rebuild')]);
    check(nodeKindsValidator, flow({ teardown: [nested, node('AddonBackup', 'last-backup', { addonId: 'db' })] }), [
      diag('teardown-kind', 'error', '"Release"', /not accepted in "teardownSpec"/, /JobRun/, /OpenTofuDestroy/),
      diag('teardown-kind', 'error', '"Build"'),
      diag('teardown-kind', 'error', '"AddonBackup"'),
    ]);
    clean(nodeKindsValidator, flow({ teardown: [workflow(undefined, 'sequential', [node('Approval', 'ok', { amount: 1 }), node('Message', 'm'), node('Condition', 'c'), node('Action', 'a')])] }));
  });

  it('leaves the root node and nodes without a string kind to the schema', () => {
    const text = flow({ steps: [{ ref: 'nokind', spec: {} }, { kind: 5, spec: {} }] }).replace('"kind": "Workflow"', '"kind": "Workflw"');
    assert.match(text, /"Workflw"/);
    clean(nodeKindsValidator, text);
  });
});
