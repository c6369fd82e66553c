import * as assert from 'node:assert/strict';
import { expressionSyntaxValidator } from '../../core/validation/expressionSyntax';
import { build, check, clean, diag, flow, trigger } from './helpers';

const withBranch = (branch: string): string => flow({ arguments: { A: 'x' }, steps: [build('b', { branch })] });

describe('expressionSyntax validator', () => {
  it('accepts refs, args, functions, literals, template refs and text around them', () => {
    clean(
      expressionSyntaxValidator,
      flow({
        arguments: { A: 'x' },
        triggers: [trigger('push')],
        top: { description: 'Deploys ${refs.push.branch} (costs $5, uses $HOME)' },
        steps: [
          build('b', { branch: "${fn.if(fn.eq(args.A, 'main'), 'a', 'b')}-${refs.push.sha}", sha: '${template.refs.x.y}' }),
          build('c', { branch: '${refs.b.id}', sha: '${ true }' }),
        ],
      }),
    );
  });

  it('flags an unknown namespace such as a shell variable, with the shell hint', () => {
    const [d] = check(expressionSyntaxValidator, withBranch('${HOME}'), [
      diag('unknown-namespace', 'error', 'HOME', /'HOME' is not something an expression can read/, /refs\.<node>, args\.<name> or fn\.<function>/, /A shell variable needs \$NAME without braces\./),
    ]);
    assert.deepEqual(d?.data, { name: 'HOME' });
  });

  it('suggests refs for ref. (a near miss) and leaves the shell hint out', () => {
    const [d] = check(expressionSyntaxValidator, withBranch('build-${ref.b.id}'), [diag('unknown-namespace', 'error', 'ref', /Did you mean 'refs'\?/)]);
    assert.doesNotMatch(d?.message ?? '', /shell variable/);
    assert.deepEqual(d?.data, { name: 'ref', suggestion: 'refs' });
  });

  it('flags unknown namespaces inside function arguments and in top-level fields', () => {
    check(expressionSyntaxValidator, flow({ top: { description: '${USER}' }, steps: [build('b', { branch: '${fn.toUpper(arg.A)}' })] }), [
      diag('unknown-namespace', 'error', 'USER'),
      diag('unknown-namespace', 'error', 'arg', /Did you mean 'args'\?/),
    ]);
  });

  it('flags an incomplete ${refs} and ${args}', () => {
    check(expressionSyntaxValidator, withBranch('${refs}'), [diag('expression-syntax', 'error', 'refs', /Incomplete expression: write refs\.<node ref>\.<property>\./)]);
    check(expressionSyntaxValidator, withBranch("${fn.eq(args, 'x')}"), [diag('expression-syntax', 'error', 'args', /Incomplete expression: write args\.<argument name>\./)]);
  });

  it('reports a trailing dot once, on the dot', () => {
    check(expressionSyntaxValidator, withBranch('${refs.}'), [diag('expression-syntax', 'error', '.', /Expected a name after '\.'/)]);
  });

  it('flags an unterminated ${ on the opening characters', () => {
    check(expressionSyntaxValidator, withBranch('v-${refs.b.id'), [diag('expression-syntax', 'error', '${', /Unterminated expression/)]);
  });

  it('flags an empty expression and a missing argument at their place', () => {
    const [empty] = check(expressionSyntaxValidator, withBranch('a${}b'), [diag('expression-syntax', 'error', '', /Empty expression/)]);
    const text = withBranch('a${}b');
    assert.equal(empty?.span.start, text.indexOf('${}') + 2, 'between the braces');
  });

  it('flags a missing argument once, without claiming the closed call is unclosed', () => {
    check(expressionSyntaxValidator, withBranch('${fn.eq(args.A, )}'), [diag('expression-syntax', 'error', ')', /expected/i)]);
  });

  it('reads on after a forgotten comma instead of splitting the next argument', () => {
    check(expressionSyntaxValidator, withBranch("${fn.eq(args.A 'x')}"), [diag('expression-syntax', 'error', "'x'", /Expected ',' or '\)' before this argument/)]);
  });

  it('calls a bare template. prefix incomplete, not a shell variable', () => {
    check(expressionSyntaxValidator, withBranch('${template}'), [diag('expression-syntax', 'error', 'template', /Incomplete expression: write template\.refs/)]);
  });

  it('flags a missing closing parenthesis on the whole call', () => {
    check(expressionSyntaxValidator, withBranch("${fn.toUpper('x'}"), [diag('expression-syntax', 'error', "fn.toUpper('x'", /Missing '\)' to close fn\.toUpper\(/)]);
  });

  it('maps spans through JSON escapes: double quotes in an expression', () => {
    check(expressionSyntaxValidator, withBranch('${fn.eq(args.A, "main")}'), [diag('expression-syntax', 'error', '\\"main\\"', /Strings in expressions use single quotes/)]);
  });

  it('flags junk after an expression', () => {
    check(expressionSyntaxValidator, withBranch('${args.A args.B}'), [diag('expression-syntax', 'error', 'args.B', /Unexpected 'args\.B' after the expression/)]);
  });
});
