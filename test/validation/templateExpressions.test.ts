import { templateExpressionsValidator } from '../../core/validation/templateExpressions';
import { build, check, clean, diag, flow } from './helpers';

describe('${template.…} in a release flow', () => {
  it('is an error on the template prefix of paths and calls: it resolves only inside a template\'s Pipeline node', () => {
    const text = flow({ steps: [build('b', { branch: '${template.refs.git.branch}', sha: '${template.fn.toUpper(args.X)}' })] });
    check(templateExpressionsValidator, text, [
      diag('template-expression', 'error', 'template', /Pipeline node/, /release flow/),
      diag('template-expression', 'error', 'template', /Pipeline node/),
    ]);
  });

  it('says nothing about refs, args and fn, nor about a bare `template` (a syntax error of its own)', () => {
    clean(templateExpressionsValidator, flow({ arguments: { X: 'a' }, steps: [build('b', { branch: '${args.X}', sha: '${fn.toUpper(args.X)} ${template}' })] }));
  });
});
