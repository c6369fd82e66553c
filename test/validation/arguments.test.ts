import * as assert from 'node:assert/strict';
import { argumentsValidator } from '../../core/validation/arguments';
import { build, check, clean, diag, flow } from './helpers';

const branchSelector = (outputs: Record<string, string>): unknown => ({
  kind: 'BranchCommitSelector',
  spec: { title: 'Branch', required: false, inputs: { source: 'api-builder' }, outputs },
});

describe('arguments validator', () => {
  it('accepts arguments with defaults that are used, in nodes, functions and top-level fields', () => {
    clean(
      argumentsValidator,
      flow({
        arguments: { ENVIRONMENT: 'dev', BRANCH: 'main', NAME: 'api' },
        top: { description: 'Release of ${args.NAME}' },
        steps: [build('b', { branch: '${args.BRANCH}', sha: "${fn.if(fn.eq(args.ENVIRONMENT, 'dev'), 'a', 'b')}" })],
      }),
    );
  });

  it('says an unknown argument counts as false where a function takes it as a boolean, and fails the run anywhere else', () => {
    const text = flow({ steps: [build('b', { branch: "${fn.if(args.FLAG, 'a', 'b')}", sha: "${fn.toUpper(args.FLAG)}${fn.not(fn.eq(args.OTHER, 'x'))}" })] });
    check(argumentsValidator, text, [
      diag('unknown-arg', 'warning', 'FLAG', /Argument 'FLAG' has no default in "arguments" and no rich input sets it; as a boolean argument of fn\.if it counts as false unless an override or webhook parameter provides it\./),
      diag('unknown-arg', 'warning', 'FLAG', /Argument 'FLAG' has no default .*; the run fails unless an override or webhook parameter provides it\./),
      diag('unknown-arg', 'warning', 'OTHER', /Argument 'OTHER' has no default .*; the run fails unless/),
    ]);
  });

  it('accepts an argument defined only as a rich input output', () => {
    clean(
      argumentsValidator,
      flow({ richInputs: [branchSelector({ branch: 'TARGET_BRANCH', buildSha: 'TARGET_COMMIT' })], steps: [build('b', { branch: '${args.TARGET_BRANCH}', sha: '${args.TARGET_COMMIT}' })] }),
    );
  });

  it('accepts an argument set only in argumentOverrides: the platform inserts it', () => {
    clean(argumentsValidator, flow({ argumentOverrides: { DB_PASSWORD: 'x' }, steps: [build('b', { branch: '${args.DB_PASSWORD}' })] }));
  });

  it('flags an argument without a default, on its name, with a suggestion', () => {
    const [d] = check(argumentsValidator, flow({ arguments: { ENVIRONMENT: 'dev' }, steps: [build('b', { branch: 'x-${args.ENVIROMENT}', sha: '${args.ENVIRONMENT}' })] }), [
      diag('unknown-arg', 'warning', 'ENVIROMENT', /Argument 'ENVIROMENT' has no default in "arguments" and no rich input sets it/, /override or webhook parameter/, /Did you mean 'ENVIRONMENT'\?/),
    ]);
    assert.deepEqual(d?.data, { name: 'ENVIROMENT', suggestion: 'ENVIRONMENT' });
  });

  it('suggests rich-input arguments too, and nothing when no name is close', () => {
    check(
      argumentsValidator,
      flow({ richInputs: [branchSelector({ branch: 'TARGET_BRANCH' })], steps: [build('b', { branch: '${args.target_branch}', sha: '${fn.toUpper(args.COMPLETELY_OTHER)}' })] }),
      [diag('unknown-arg', 'warning', 'target_branch', /Did you mean 'TARGET_BRANCH'\?/), diag('unknown-arg', 'warning', 'COMPLETELY_OTHER')],
    );
    const [d] = check(argumentsValidator, flow({ steps: [build('b', { branch: '${args.X}' })] }), [diag('unknown-arg', 'warning', 'X')]);
    assert.doesNotMatch(d?.message ?? '', /Did you mean/);
    assert.deepEqual(d?.data, { name: 'X' });
  });

  it('flags every use of an undefined argument', () => {
    check(argumentsValidator, flow({ steps: [build('b', { branch: '${args.TAG}', sha: '${args.TAG}' })] }), [diag('unknown-arg', 'warning', 'TAG'), diag('unknown-arg', 'warning', 'TAG')]);
  });

  it('hints at an unused argument, on its key', () => {
    const [d] = check(argumentsValidator, flow({ arguments: { USED: 'a', UNUSED: 'b' }, steps: [build('b', { branch: '${args.USED}' })] }), [
      diag('unused-arg', 'hint', '"UNUSED"', /Argument 'UNUSED' is never used as \$\{args\.UNUSED\}\./),
    ]);
    assert.deepEqual(d?.data, { name: 'UNUSED' });
  });

  it('does not count a ref or a property key with the same name as a use', () => {
    check(argumentsValidator, flow({ arguments: { api: 'x' }, steps: [build('api', { api: 'api' })] }), [diag('unused-arg', 'hint', '"api"')]);
  });

  it('ignores an unfinished args. path', () => {
    clean(argumentsValidator, flow({ steps: [build('b', { branch: '${args.}' })] }));
  });
});
