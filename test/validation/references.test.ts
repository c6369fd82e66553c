import * as assert from 'node:assert/strict';
import { referencesValidator } from '../../core/validation/references';
import { build, check, clean, diag, flow, node, trigger, workflow } from './helpers';

const lineOfText = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('references validator', () => {
  describe('order of execution', () => {
    it('accepts an earlier step, an outer earlier step from inside a nested parallel, and a parallel workflow once finished', () => {
      clean(
        referencesValidator,
        flow({
          steps: [
            build('first'),
            workflow('par', 'parallel', [
              build('left', { branch: '${refs.first.branch}' }),
              workflow('inner', 'sequential', [build('deep', { sha: '${refs.first.sha}' }), build('deeper', { sha: '${refs.deep.sha}' })]),
            ]),
            build('after', { branch: '${refs.left.branch}', sha: "${fn.slice(refs.deeper.sha, 0, 7)}", pullRequestId: '${refs.par}' }),
            node('LoopWorkflow', 'loop', { steps: [build('l1'), build('l2', { sha: '${refs.l1.sha}' })] }),
          ],
        }),
      );
    });

    it('flags a parallel sibling', () => {
      const text = flow({ steps: [workflow('par', 'parallel', [build('left'), build('right', { branch: '${refs.left.branch}' })])] });
      const [d] = check(referencesValidator, text, [
        diag('ref-not-available', 'error', 'left', new RegExp(`'left' \\(line ${lineOfText(text, '"ref": "left"') - 2}\\) runs in parallel with this node`), /Move it into an earlier sequential step/),
      ]);
      assert.deepEqual(d?.data, { name: 'left' });
    });

    it('flags a sibling branch of a parallel workflow even from deep inside the other branch', () => {
      check(
        referencesValidator,
        flow({ type: 'parallel', steps: [build('a'), workflow('s', 'sequential', [build('x'), build('y', { sha: '${refs.a.sha}' })])] }),
        [diag('ref-not-available', 'error', 'a', /runs in parallel/)],
      );
    });

    it('flags a later step of a sequential workflow', () => {
      check(referencesValidator, flow({ steps: [build('early', { sha: '${refs.late.sha}' }), build('late')] }), [
        diag('ref-not-available', 'error', 'late', /'late' \(line \d+\) runs later in the sequential workflow/, /Move it before this node/),
      ]);
    });

    it('flags a self-reference', () => {
      check(referencesValidator, flow({ steps: [build('me', { branch: '${refs.me.branch}' })] }), [
        diag('ref-not-available', 'error', 'me', /A node cannot read its own outputs: 'me' is this node\./),
      ]);
    });

    it('flags a reference to an enclosing workflow', () => {
      check(referencesValidator, flow({ rootRef: 'root', steps: [workflow('outer', 'sequential', [build('x', { sha: '${refs.outer.id}-${refs.root.id}' })])] }), [
        diag('ref-not-available', 'error', 'outer', /'outer' \(line \d+\) is a workflow that contains this node/),
        diag('ref-not-available', 'error', 'root', /'root' \(line 3\) is a workflow that contains this node/),
      ]);
    });

    it('flags a workflow reading a node that runs inside it', () => {
      const text = flow({ steps: [node('Workflow', 'outer', { type: 'sequential', context: { projectId: '${refs.x.id}' }, steps: [build('x')] })] });
      check(referencesValidator, text, [diag('ref-not-available', 'error', 'x', /'x' \(line \d+\) runs inside this workflow, after it starts/)]);
    });

    it('flags refs in a workflow without a valid type as unordered', () => {
      check(referencesValidator, flow({ steps: [workflow('w', 'sequencial', [build('a'), build('b', { sha: '${refs.a.sha}' })])] }), [
        diag('ref-not-available', 'error', 'a', /without a valid "type"/),
      ]);
    });

    it('does not let refs cross between spec and teardownSpec', () => {
      check(referencesValidator, flow({ steps: [build('main')], teardown: [build('t', { sha: '${refs.main.sha}' })] }), [
        diag('ref-not-available', 'error', 'main', /'main' \(line \d+\) runs in the flow, this node in the teardown; refs do not cross/),
      ]);
    });

    it('flags node refs in top-level fields', () => {
      check(referencesValidator, flow({ top: { description: 'built ${refs.b.sha}' }, steps: [build('b')] }), [
        diag('ref-not-available', 'error', 'b', /Refs resolve only inside the nodes of "spec" and "teardownSpec"/),
      ]);
    });

    it('judges a duplicated ref against its first definition', () => {
      clean(referencesValidator, flow({ steps: [build('d'), build('x', { sha: '${refs.d.sha}' }), build('d')] }));
    });
  });

  describe('names', () => {
    it('flags an unknown ref with a did-you-mean suggestion on the name', () => {
      const [d] = check(referencesValidator, flow({ steps: [build('build'), build('x', { sha: '${refs.biuld.sha}' })] }), [
        diag('unknown-ref', 'error', 'biuld', /No node or trigger has the ref 'biuld'\. Did you mean 'build'\?/),
      ]);
      assert.deepEqual(d?.data, { name: 'biuld', suggestion: 'build' });
    });

    it('suggests trigger refs too, and nothing when no name is close', () => {
      check(referencesValidator, flow({ triggers: [trigger('push')], steps: [build('x', { branch: '${refs.psuh.branch}', sha: '${refs.zzzzzz.sha}' })] }), [
        diag('unknown-ref', 'error', 'psuh', /Did you mean 'push'\?/),
        diag('unknown-ref', 'error', 'zzzzzz'),
      ]);
      const [, none] = check(referencesValidator, flow({ steps: [build('x', { sha: '${refs.a.sha}${refs.zzzzzz.sha}' })] }), [
        diag('unknown-ref', 'error', 'a'),
        diag('unknown-ref', 'error', 'zzzzzz'),
      ]);
      assert.doesNotMatch(none?.message ?? '', /Did you mean/);
    });

    it('accepts trigger refs anywhere, with their four outputs', () => {
      clean(
        referencesValidator,
        flow({
          triggers: [trigger('push')],
          top: { description: 'from ${refs.push.branch}' },
          steps: [build('x', { branch: '${refs.push.branch}', sha: '${refs.push.sha}', repo: '${refs.push.repoUrl}', pullRequestId: '${refs.push.pullRequestId}' })],
        }),
      );
    });

    it('flags an unknown trigger output', () => {
      check(referencesValidator, flow({ triggers: [trigger('push')], steps: [build('x', { branch: '${refs.push.brnach}' })] }), [
        diag('unknown-output-property', 'warning', 'brnach', /The trigger 'push' has no output 'brnach'\. Did you mean 'branch'\?/, /Known outputs here: branch, sha, repoUrl, pullRequestId\./),
      ]);
    });

    it('never checks template.refs, nor an unfinished refs. path', () => {
      clean(referencesValidator, flow({ steps: [build('x', { branch: '${template.refs.nothing.here}', sha: '${refs.}' })] }));
    });
  });

  describe('output properties', () => {
    it('accepts catalogued outputs, nested ones included', () => {
      clean(
        referencesValidator,
        flow({
          steps: [
            build('b'),
            node('AddonBackup', 'bk', { addonId: 'db' }),
            node('JobRun', 'job', { jobId: 'migrate' }),
            build('x', { sha: '${refs.b.sha}', uri: '${refs.b.registry.uri}', v: '${refs.bk.config.addonVersion}', run: '${refs.job.runName}', whole: '${refs.bk}' }),
          ],
        }),
      );
    });

    it('flags a missing output of a kind whose outputs are complete, on the failing segment', () => {
      const [d] = check(referencesValidator, flow({ steps: [build('b'), build('x', { sha: '${refs.b.shaa}' })] }), [
        diag('unknown-output-property', 'warning', 'shaa', /The Build node 'b' has no output 'shaa'\. Did you mean 'sha'\?/, /Known outputs here: id, branch, pullRequestId, sha, registry/),
      ]);
      assert.deepEqual(d?.data, { name: 'shaa', suggestion: 'sha' });
    });

    it('flags a nested missing output with the siblings at that level', () => {
      check(referencesValidator, flow({ steps: [node('AddonBackup', 'bk'), build('x', { sha: '${refs.bk.config.addonVerison}' })] }), [
        diag('unknown-output-property', 'warning', 'addonVerison', /has no output 'config\.addonVerison'\. Did you mean 'addonVersion'\?/, /Known outputs here: source, size, addonVersion\./),
      ]);
    });

    it('says what the parent is when reading below a scalar, instead of an empty list', () => {
      const [d] = check(referencesValidator, flow({ steps: [build('b'), build('x', { sha: '${refs.b.sha.length}' })] }), [
        diag('unknown-output-property', 'warning', 'length', /has no output 'sha\.length'\. 'sha' is a string and has no properties\./),
      ]);
      assert.doesNotMatch(d?.message ?? '', /Known outputs here: \./);
    });

    it('does not guess for kinds whose outputs may be partial', () => {
      clean(
        referencesValidator,
        flow({ steps: [node('Release', 'rel'), node('Action', 'act'), node('RunTemplate', 'rt'), build('x', { a: '${refs.rel.anything.deep}', b: '${refs.act.whatever}', c: '${refs.rt.foo}' })] }),
      );
    });
  });
});
