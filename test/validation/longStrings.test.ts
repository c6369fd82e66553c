import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EXPRESSION_PATTERN } from '../../core/schema/generator/nodes';
import { longStringSpan, MAX_SCHEMA_STRING_LENGTH } from '../../core/validation/limits';
import { schemaDiagnostics } from '../../core/validation/schema';
import { parseFlow } from '../../core/document/parse';
import { validateFlow } from '../../core/validation/validate';
import { build, flow, node } from './helpers';

/** The reference's own spelling of the expression pattern. */
const REFERENCE_EXPRESSION = /.*\$\{.*\}.*/u;

describe('long strings and the schema pass (issue 14: bounded per-name work)', function () {
  // Each of these hung for minutes to hours before: a failure shows as a timeout.
  this.timeout(20_000);

  it('the expression pattern matches exactly the strings the reference pattern matches', () => {
    const mine = new RegExp(EXPRESSION_PATTERN, 'u');
    const alphabet = fc.constantFrom('$', '{', '}', 'a', '\n', '\r', '\u2028', '\u2029', ' ');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 14 }).map((chars) => chars.join('')), (text) => mine.test(text) === REFERENCE_EXPRESSION.test(text)), { numRuns: 20_000 });
    for (const text of ['${a}', 'x ${refs.a.b} y', '${a\n}', '$${a}', '${a\n${b}', '}${', '']) assert.equal(mine.test(text), REFERENCE_EXPRESSION.test(text), JSON.stringify(text));
  });

  it('the expression pattern answers at once on a megabyte of `${` without `}` (the reference form backtracks for hours)', () => {
    const mine = new RegExp(EXPRESSION_PATTERN, 'u');
    assert.equal(mine.test('${'.repeat(1 << 19)), false);
    assert.equal(mine.test('b'.repeat(1 << 20)), false);
    assert.equal(mine.test('${a\n'.repeat(1 << 18) + '${b}'), true);
  });

  it('a string within the limit full of `${` is schema-checked without stalling', async () => {
    const text = flow({ steps: [build('b', { branch: '${'.repeat(MAX_SCHEMA_STRING_LENGTH / 2) })] });
    await schemaDiagnostics(parseFlow(text));
  });

  it('a flow with a 1 MB ref gets a string-too-long note, no schema pass, and the other checks', async () => {
    const long = 'x'.repeat(1 << 20);
    const text = flow({ steps: [node('Message', long, { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://hooks.example.com/x', message: '${refs.missing.status}' } })] });
    const { diagnostics } = await validateFlow(text);
    const note = diagnostics.find((d) => d.code === 'string-too-long');
    assert.ok(note, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.equal(note.severity, 'info');
    assert.match(note.message, /This string is 1\.0 MB; schema checks are skipped for the file past 8,192 characters in one string\. Syntax and flow checks still ran\./);
    assert.equal(text.slice(note.span.start, note.span.end), JSON.stringify(long));
    assert.ok(diagnostics.some((d) => d.code === 'unknown-ref'), 'the flow checks still ran');
  });

  it('an image path of 100,000 characters does not stall the schema pass', async () => {
    const text = flow({ steps: [node('Release', 'r', { type: 'registry', origin: { imagePath: 'a.'.repeat(50_000) + '!' }, target: { id: 'api', type: 'service' } })] });
    const { diagnostics } = await validateFlow(text);
    assert.ok(diagnostics.some((d) => d.code === 'string-too-long'));
  });

  it('longStringSpan finds the first string past the limit, escapes included, keys too', () => {
    assert.equal(longStringSpan('{"a": "bcd"}', 3), undefined);
    assert.deepEqual(longStringSpan('{"a": "bcde"}', 3), { start: 6, end: 12 });
    assert.deepEqual(longStringSpan('{"abcd": 1}', 3), { start: 1, end: 7 });
    // An escaped quote is inside the string; an escaped backslash before a quote is not an escape of it.
    assert.deepEqual(longStringSpan('["a\\"b"]', 3), { start: 1, end: 7 });
    assert.equal(longStringSpan('["a\\\\", "b"]', 3), undefined);
    assert.deepEqual(longStringSpan('["abcdef', 3), { start: 1, end: 8 });
    assert.equal(longStringSpan('', 3), undefined);
  });
});
