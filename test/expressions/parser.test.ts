import * as assert from 'node:assert/strict';
import type { CallExpression, Expression, PathExpression } from '../../core/expressions/ast';
import { stringLiteralMapper } from '../../core/expressions/jsonString';
import { parseTemplate } from '../../core/expressions/parser';

const only = (value: string): Expression => {
  const parsed = parseTemplate(value);
  assert.deepEqual(parsed.errors, [], `unexpected errors in ${value}`);
  assert.equal(parsed.interpolations.length, 1);
  return parsed.interpolations[0]!.expression!;
};
const text = (value: string, span: { start: number; end: number }): string => value.slice(span.start, span.end);

describe('expression language', () => {
  it('parses a ref path with numeric segments', () => {
    const value = '${refs.api.ports.0.dns}';
    const path = only(value) as PathExpression;
    assert.equal(path.type, 'path');
    assert.deepEqual(path.segments.map((s) => s.name), ['refs', 'api', 'ports', '0', 'dns']);
    assert.equal(text(value, path.segments[3]!.span), '0');
    assert.equal(path.template, false);
  });

  it('parses refs with hyphens and args', () => {
    assert.deepEqual((only('${refs.postgres-addon.id}') as PathExpression).segments.map((s) => s.name), ['refs', 'postgres-addon', 'id']);
    assert.deepEqual((only('${args.DB_NAME}') as PathExpression).segments.map((s) => s.name), ['args', 'DB_NAME']);
  });

  it('parses nested calls with literals of every type', () => {
    const value = "${fn.if(fn.eq(args.branch, 'main'), 'nf-compute-100', 3, true, -1.5)}";
    const call = only(value) as CallExpression;
    assert.equal(call.name, 'if');
    assert.equal(text(value, call.nameSpan), 'if');
    assert.deepEqual(call.args.map((a) => a.type), ['call', 'string', 'number', 'boolean', 'number']);
    assert.equal((call.args[0] as CallExpression).name, 'eq');
    assert.deepEqual(call.args.map((a) => ('value' in a ? a.value : undefined)), [undefined, 'nf-compute-100', 3, true, -1.5]);
    assert.ok(call.closed);
  });

  it('keeps the template. prefix apart', () => {
    const path = only('${template.refs.build.branch}') as PathExpression;
    assert.equal(path.template, true);
    assert.deepEqual(path.segments.map((s) => s.name), ['template', 'refs', 'build', 'branch']);
    const call = only('${template.fn.randomSecret(64)}') as CallExpression;
    assert.equal(call.template, true);
    assert.equal(call.name, 'randomSecret');
  });

  it('finds several interpolations mixed with text', () => {
    const value = 'https://${refs.api.ports.0.dns}/${args.PATH}?v=${fn.length(\'abc\')}';
    const parsed = parseTemplate(value);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.interpolations.map((i) => text(value, i.span)), ['${refs.api.ports.0.dns}', '${args.PATH}', "${fn.length('abc')}"]);
    assert.equal(parsed.isSingleExpression, false);
    assert.equal(parseTemplate('${args.A}').isSingleExpression, true);
    assert.equal(parseTemplate('${args.A}${args.B}').isSingleExpression, false);
  });

  it('does not end an interpolation at a brace inside a quoted string', () => {
    const value = "${fn.replace(args.X, '}', '{')}";
    const call = only(value) as CallExpression;
    assert.equal(call.args.length, 3);
  });

  it('reports errors at the exact characters', () => {
    const cases: [string, string, RegExp][] = [
      ['x ${refs.build.} y', '.', /Expected a name after/],
      ['${fn.eq(args.a, }', '', /Expected an expression/],
      ["${fn.eq('a'}", "fn.eq('a'", /Missing '\)'/],
      ['${}', '', /Empty expression/],
      ['${args.A', '${', /Unterminated expression/],
      ["${fn.toUpper('abc)}", "'abc)}", /Unterminated string/],
      ['${fn.toUpper("abc")}', '"abc"', /single quotes/],
      ['${args.A args.B}', 'args.B', /after the expression/],
      ['${fn.eq(1 2)}', '2', /Expected ',' or '\)' before this argument/],
      ['${refs.a.b(1)}', 'refs.a.b', /not a function/],
    ];
    for (const [value, expected, message] of cases) {
      const { errors } = parseTemplate(value);
      assert.ok(errors.length > 0, `no error for ${value}`);
      const error = errors.find((e) => message.test(e.message));
      assert.ok(error, `${value}: ${JSON.stringify(errors)}`);
      assert.equal(text(value, error.span), expected, `span for ${value}`);
    }
  });

  it('recovers: an incomplete ref still yields the path typed so far', () => {
    const parsed = parseTemplate('${refs.');
    const path = parsed.interpolations[0]!.expression as PathExpression;
    assert.deepEqual(path.segments.map((s) => s.name), ['refs', '']);
  });

  it('limits call nesting instead of overflowing the stack', () => {
    const deep = '${' + 'fn.not('.repeat(5000) + 'true' + ')'.repeat(5000) + '}';
    const parsed = parseTemplate(deep);
    assert.ok(parsed.errors.some((e) => /nested more than/.test(e.message)));
  });

  it('maps decoded positions through JSON escapes', () => {
    // The literal "a\"b ${args.X}" in a document: the escape shifts everything after it by one.
    const doc = '{"k": "a\\"b ${args.X}"}';
    const literalStart = doc.indexOf('"a');
    const literalLength = doc.lastIndexOf('"') - literalStart + 1;
    const value = JSON.parse(doc).k as string;
    const parsed = parseTemplate(value, stringLiteralMapper(doc, literalStart, literalLength));
    const path = parsed.interpolations[0]!.expression as PathExpression;
    assert.equal(doc.slice(path.segments[1]!.span.start, path.segments[1]!.span.end), 'X');
    const unicode = '{"k": "\\u0041 ${args.Y}"}';
    const uStart = unicode.indexOf('"\\u');
    const uParsed = parseTemplate(JSON.parse(unicode).k, stringLiteralMapper(unicode, uStart, unicode.lastIndexOf('"') - uStart + 1));
    const uPath = uParsed.interpolations[0]!.expression as PathExpression;
    assert.equal(unicode.slice(uPath.segments[1]!.span.start, uPath.segments[1]!.span.end), 'Y');
  });
});
