import * as assert from 'node:assert/strict';
import { functionsValidator } from '../../core/validation/functions';
import { build, check, clean, diag, flow } from './helpers';

const withSha = (...values: string[]): string =>
  flow({ arguments: { A: 'x', N: 2 }, steps: values.map((sha, i) => build(`b${i}`, { sha })) });

describe('functions validator', () => {
  it('accepts well-formed calls: defaults, optional parameters, nesting, variadic, refs and args as arguments', () => {
    clean(
      functionsValidator,
      withSha(
        "${fn.randomSecret(32, 'hex')}",
        '${fn.randomSecret(32)}',
        '${fn.date()}',
        "${fn.date('YYYYMMDD')}",
        "${fn.if(fn.eq(args.A, 'main'), 'nf-compute-100', 'nf-compute-50')}",
        "${fn.if(true, 'only-then')}",
        '${fn.add(1, 2, 3, 4, 5)}',
        "${fn.and(fn.eq(args.A, 'a'), fn.neq(args.A, 'b'), true)}",
        "${fn.eq(1, 'x', true)}",
        '${fn.slice(args.A, 0, -1)}',
        '${fn.toUpper(args.N)}',
        '${template.fn.whatever(1, 2, 3)}',
      ),
    );
  });

  it('does not count a gap in the arguments (a syntax error already) towards the arity', () => {
    clean(functionsValidator, withSha('${fn.eq(args.A, )}'));
  });

  it('flags an unknown function on its name, suggesting the right case', () => {
    const [d] = check(functionsValidator, withSha('${fn.toupper(args.A)}'), [
      diag('unknown-function', 'error', 'toupper', /Unknown function 'toupper'\. Did you mean 'toUpper'\?/),
    ]);
    assert.deepEqual(d?.data, { name: 'toupper', suggestion: 'toUpper' });
  });

  it('suggests close misspellings, and nothing for unrelated names', () => {
    check(functionsValidator, withSha("${fn.replce(args.A, '/', '-')}"), [diag('unknown-function', 'error', 'replce', /Did you mean 'replace'\?/)]);
    const [d] = check(functionsValidator, withSha('${fn.sha256(args.A)}'), [diag('unknown-function', 'error', 'sha256', /^Unknown function 'sha256'\.$/)]);
    assert.deepEqual(d?.data, { name: 'sha256' });
  });

  it('checks calls nested inside other calls, and still checks the arguments of an unknown function', () => {
    check(functionsValidator, withSha('${fn.nope(fn.toUpper())}'), [
      diag('unknown-function', 'error', 'nope'),
      diag('function-arity', 'error', 'fn.toUpper()', /fn\.toUpper takes 1 argument, not 0: toUpper\(string: string\): string\./),
    ]);
  });

  it('flags too few arguments for a fixed-arity function on the whole call, with the signature', () => {
    check(functionsValidator, withSha("${fn.slice(args.A, 1)}"), [
      diag('function-arity', 'error', 'fn.slice(args.A, 1)', /fn\.slice takes 3 arguments, not 2: slice\(original: string, startIndex: number, endIndex: number\): string\./),
    ]);
  });

  it('flags too many arguments for a fixed-arity function', () => {
    check(functionsValidator, withSha("${fn.toUpper(args.A, 'x')}"), [
      diag('function-arity', 'error', "fn.toUpper(args.A, 'x')", /fn\.toUpper takes 1 argument, not 2/),
    ]);
    check(functionsValidator, withSha("${fn.randomSecret(32, 'hex', 'extra')}"), [
      diag('function-arity', 'error', "fn.randomSecret(32, 'hex', 'extra')", /takes 1 to 2 arguments, not 3: randomSecret\(length: number, encoding\?: string\): string/),
    ]);
  });

  it('flags too few and too many arguments for a function with an optional parameter', () => {
    check(functionsValidator, withSha('${fn.if(true)}', "${fn.if(true, 'a', 'b', 'c')}"), [
      diag('function-arity', 'error', 'fn.if(true)', /fn\.if takes 2 to 3 arguments, not 1/),
      diag('function-arity', 'error', "fn.if(true, 'a', 'b', 'c')", /fn\.if takes 2 to 3 arguments, not 4/),
    ]);
  });

  it('flags too few arguments for a variadic function, which has no upper bound', () => {
    check(functionsValidator, withSha('${fn.and(true)}', '${fn.add()}'), [
      diag('function-arity', 'error', 'fn.and(true)', /fn\.and takes at least 2 arguments, not 1: and\(boolean1: boolean, boolean2: boolean, \.\.\.\): boolean\./),
      diag('function-arity', 'error', 'fn.add()', /fn\.add takes at least 2 arguments, not 0/),
    ]);
  });

  it('warns about a literal of the wrong type, on the literal', () => {
    const [d] = check(functionsValidator, withSha("${fn.randomSecret('32')}"), [
      diag('function-argument-type', 'warning', "'32'", /Argument 1 of fn\.randomSecret \(length\) should be a number, not a string\./),
    ]);
    assert.deepEqual(d?.data, { name: 'randomSecret' });
  });

  it('checks the repeated parameter of a variadic function', () => {
    check(functionsValidator, withSha("${fn.add(1, 2, 'three')}", '${fn.or(true, false, 7)}'), [
      diag('function-argument-type', 'warning', "'three'", /Argument 3 of fn\.add \(b\) should be a number, not a string\./),
      diag('function-argument-type', 'warning', '7', /Argument 3 of fn\.or \(boolean2\) should be a boolean, not a number\./),
    ]);
  });

  it('does not type-check refs, args, nested calls, or arguments past a fixed list', () => {
    check(functionsValidator, withSha("${fn.gt(args.N, fn.length(refs.b0.sha))}", "${fn.length('ok', 5)}"), [
      diag('function-arity', 'error', "fn.length('ok', 5)", /not 2/),
    ]);
  });
});
