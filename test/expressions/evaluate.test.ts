import * as assert from 'node:assert/strict';
import { parseTemplate } from '../../core/expressions/parser';
import { DEFERRED, evaluateTemplate, EvaluationError, readPath, type Lookup, type Scope } from '../../core/expressions/evaluate';
import { callFunction } from '../../core/expressions/functions';

const outputs: Record<string, unknown> = {
  build: { id: 'joyous-view-6290', sha: '0123456789abcdef0123456789abcdef01234567', branch: 'feature/login', pullRequestId: null },
  api: { ports: [{ name: 'http', dns: 'api--shop.code.run' }] },
};
const args: Record<string, unknown> = { ENV: 'production', INSTANCES: '3', EMPTY: '' };

function scope(deferRefs = false): Scope {
  return {
    ref: (name, path): Lookup => {
      if (deferRefs) return DEFERRED;
      if (!(name in outputs)) return { missing: `no ${name}` };
      const found = readPath(outputs[name], path);
      return 'value' in found ? { value: found.value } : { missing: `refs.${name} has no ${path.join('.')}` };
    },
    arg: (name): Lookup => (name in args ? { value: args[name] } : { missing: `argument ${name} has no value` }),
    call: (name, values) => callFunction(name, values, { now: 0, secret: () => 's', bytes: (n) => new Uint8Array(n) }),
  };
}

const evaluate = (value: string, deferRefs = false): unknown => evaluateTemplate(value, parseTemplate(value), scope(deferRefs));

describe('runner: the ${...} evaluator', () => {
  it('keeps the type of a string that is exactly one interpolation', () => {
    assert.equal(evaluate('${fn.add(args.INSTANCES, 1)}'), 4);
    assert.equal(evaluate("${fn.eq(args.ENV, 'production')}"), true);
    assert.equal(evaluate('${refs.build.pullRequestId}'), null);
    assert.deepEqual(evaluate('${refs.api.ports.0}'), { name: 'http', dns: 'api--shop.code.run' });
    assert.equal(evaluate(' ${fn.add(1, 1)}'), ' 2', 'anything around the interpolation makes it text');
  });

  it('joins text and values, reading array elements by index', () => {
    assert.equal(evaluate('https://${refs.api.ports.0.dns}/health'), 'https://api--shop.code.run/health');
    assert.equal(evaluate('${args.ENV}-${fn.slice(refs.build.sha, 0, 7)}'), 'production-0123456');
    assert.equal(evaluate('pr ${refs.build.pullRequestId}.'), 'pr .', 'null reads as nothing inside text');
    assert.equal(evaluate("${fn.if(fn.eq(args.ENV, 'production'), 'nf-compute-100', 'nf-compute-50')}"), 'nf-compute-100');
    assert.equal(evaluate("literal } and ${fn.toUpper('a}b')} end"), 'literal } and A}B end', 'a quoted brace does not close the interpolation');
  });

  it('requires refs and args at the top level of a string, and says where', () => {
    const value = 'deploy ${refs.biuld.id}';
    assert.throws(() => evaluate(value), (error: EvaluationError) => {
      assert.equal(error.code, 'unresolved-ref');
      assert.equal(error.message, 'no biuld');
      assert.deepEqual(error.span, { start: value.indexOf('refs'), end: value.length - 1 });
      return true;
    });
    assert.throws(() => evaluate('${args.MISSING}'), (error: EvaluationError) => error.code === 'unresolved-arg');
    assert.throws(() => evaluate('${refs.build.nothing}'), /refs.build has no nothing/);
  });

  it('counts unresolved refs and args as false where a function takes a boolean (make-a-template-dynamic.md)', () => {
    assert.equal(evaluate('${fn.not(args.MISSING)}'), true);
    assert.equal(evaluate("${fn.if(refs.nothing.id, 'yes', 'no')}"), 'no');
    assert.equal(evaluate('${fn.or(args.MISSING, args.EMPTY)}'), false);
    assert.equal(evaluate('${fn.and(true, fn.not(args.MISSING))}'), true);
  });

  it('reports an unresolved ref or arg anywhere else inside a function, at the ref or arg', () => {
    const value = 'tag-${fn.toUpper(args.MISSING)}';
    assert.throws(() => evaluate(value), (error: EvaluationError) => error.code === 'unresolved-arg' && /MISSING/.test(error.message) && error.span.start === value.indexOf('args.'));
    assert.throws(() => evaluate("${fn.eq(args.MISSING, 'false')}"), (error: EvaluationError) => error.code === 'unresolved-arg');
    assert.throws(() => evaluate("${fn.if(true, refs.nothing.id, 'no')}"), (error: EvaluationError) => error.code === 'unresolved-ref');
    assert.throws(() => evaluate('${fn.add(1, args.MISSING)}'), (error: EvaluationError) => error.code === 'unresolved-arg');
  });

  it('reports function errors at the call', () => {
    const value = 'x ${fn.divide(10, 0)}';
    assert.throws(() => evaluate(value), (error: EvaluationError) => error.code === 'function-error' && /division by zero/.test(error.message) && error.span.start === value.indexOf('fn.'));
    assert.throws(() => evaluate('${fn.nope(1)}'), /Unknown function 'fn.nope'/);
  });

  it('refuses template. expressions and syntax errors', () => {
    assert.throws(() => evaluate('${template.refs.x.id}'), /parent template/);
    assert.throws(() => evaluate('${refs.build.id'), (error: EvaluationError) => error.code === 'expression-syntax');
  });

  it('gives DEFERRED for anything that depends on a node that has not run (the dry run)', () => {
    assert.equal(evaluate('${refs.build.id}', true), DEFERRED);
    assert.equal(evaluate('v-${fn.slice(refs.build.sha, 0, 7)}', true), DEFERRED);
    assert.equal(evaluate('${args.ENV}', true), 'production', 'arguments are known before execution');
    assert.throws(() => evaluate('${refs.build.id}-${args.MISSING}', true), /argument MISSING has no value/, 'a missing argument is found even next to a deferred ref');
  });
});
