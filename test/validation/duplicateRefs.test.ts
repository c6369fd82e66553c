import * as assert from 'node:assert/strict';
import { duplicateRefsValidator } from '../../core/validation/duplicateRefs';
import { build, check, clean, diag, flow, lineOf, node, trigger, workflow } from './helpers';

const lineOfText = (text: string, needle: string, from = 0): number => text.slice(0, text.indexOf(needle, from)).split('\n').length;

describe('duplicateRefs validator', () => {
  it('accepts distinct refs, and a ref equal to an argument name or another field value', () => {
    clean(
      duplicateRefsValidator,
      flow({ arguments: { api: 'x' }, triggers: [trigger('push')], steps: [build('api', { branch: 'api' }), workflow('wf', 'parallel', [node('JobRun', 'migrate')])] }),
    );
  });

  it('flags both nodes sharing a ref, each message naming the other one and its line', () => {
    const text = flow({ steps: [build('api'), workflow('wf', 'parallel', [node('JobRun', 'api')])] });
    const buildLine = lineOfText(text, '"ref": "api"');
    const jobLine = lineOfText(text, '"ref": "api"', text.indexOf('"ref": "api"') + 1);
    const [first, second] = check(duplicateRefsValidator, text, [
      diag('duplicate-ref', 'error', '"api"', new RegExp(`Duplicate ref 'api': also used by the JobRun node on line ${jobLine}\\. Refs must be unique\\.`)),
      diag('duplicate-ref', 'error', '"api"', new RegExp(`also used by the Build node on line ${buildLine}\\.`)),
    ]);
    assert.equal(lineOf(text, first!), buildLine);
    assert.equal(lineOf(text, second!), jobLine);
    assert.deepEqual(first?.data, { name: 'api' });
  });

  it('flags a node and a trigger sharing a ref', () => {
    const text = flow({ triggers: [trigger('main')], steps: [build('main')] });
    const triggerLine = lineOfText(text, '"ref": "main"');
    const nodeLine = lineOfText(text, '"ref": "main"', text.indexOf('"ref": "main"') + 1);
    assert.ok(triggerLine < nodeLine);
    check(duplicateRefsValidator, text, [
      diag('duplicate-ref', 'error', '"main"', new RegExp(`also used by the Build node on line ${nodeLine}\\.`)),
      diag('duplicate-ref', 'error', '"main"', new RegExp(`also used by the trigger on line ${triggerLine}\\.`)),
    ]);
  });

  it('lists every other owner when a ref is used three times, including the root workflow', () => {
    const text = flow({ rootRef: 'x', triggers: [trigger('x')], steps: [build('x')] });
    const diagnostics = check(duplicateRefsValidator, text, [
      diag('duplicate-ref', 'error', '"x"', /the Workflow node on line \d+, Build node on line \d+\./),
      diag('duplicate-ref', 'error', '"x"', /the trigger on line \d+, Build node on line \d+\./),
      diag('duplicate-ref', 'error', '"x"', /the trigger on line \d+, Workflow node on line \d+\./),
    ]);
    assert.equal(diagnostics.length, 3);
  });

  it('names at most three other owners, so many duplicates keep messages short', () => {
    const text = flow({ steps: Array.from({ length: 6 }, () => build('same')) });
    const found = check(duplicateRefsValidator, text, Array.from({ length: 6 }, () => diag('duplicate-ref', 'error', '"same"', /and 2 more\. Refs must be unique\./)));
    assert.equal(found.length, 6);
  });

  it('flags two triggers sharing a ref', () => {
    check(duplicateRefsValidator, flow({ triggers: [trigger('git'), trigger('git', { branchRestrictions: ['dev'] })] }), [
      diag('duplicate-ref', 'error', '"git"', /also used by the trigger on line/),
      diag('duplicate-ref', 'error', '"git"', /also used by the trigger on line/),
    ]);
  });
});
