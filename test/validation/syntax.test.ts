import * as assert from 'node:assert/strict';
import { MAX_JSON_DEPTH } from '../../core/document/parse';
import { syntaxValidator } from '../../core/validation/syntax';
import { check, clean, diag, flow, run } from './helpers';

describe('syntax validator', () => {
  it('accepts a well-formed flow', () => {
    clean(syntaxValidator, flow({ steps: [{ kind: 'Build', ref: 'b', spec: {} }] }));
  });

  it('flags a comment as json-comment, covering the comment', () => {
    const text = '{\n  // the dev flow\n  "apiVersion": "v1.2"\n}';
    check(syntaxValidator, text, [diag('json-comment', 'error', '// the dev flow', /Comments are not allowed/, /strict JSON/)]);
  });

  it('flags a block comment too', () => {
    const text = '{\n  /* note */ "apiVersion": "v1.2"\n}';
    check(syntaxValidator, text, [diag('json-comment', 'error', '/* note */')]);
  });

  it('does not mistake // or /* inside a string for a comment', () => {
    clean(syntaxValidator, '{\n  "description": "see https://example.com /* not a comment */"\n}');
  });

  it('flags a trailing comma in an object once, covering the comma', () => {
    const text = '{\n  "apiVersion": "v1.2",\n}';
    check(syntaxValidator, text, [diag('json-trailing-comma', 'error', ',', /Trailing comma/, /Remove the comma/)]);
    const [only] = run(syntaxValidator, text);
    assert.equal(only?.span.start, text.indexOf(',\n}'), 'the comma before the brace, not the one after a value');
  });

  it('flags a trailing comma in an array', () => {
    check(syntaxValidator, '{\n  "steps": [1, 2,]\n}', [diag('json-trailing-comma', 'error', ',')]);
  });

  it('flags other syntax errors as json-syntax with the parser\'s place', () => {
    check(syntaxValidator, '{\n  "a": 1\n  "b": 2\n}', [diag('json-syntax', 'error', '"b"', /Expected ','/)]);
    check(syntaxValidator, '{\n  "a": \n}', [diag('json-syntax', 'error', '}', /Expected a value/)]);
  });

  it('flags nesting past the limit at the first bracket that is too deep', () => {
    const text = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    const [d] = check(syntaxValidator, text, [diag('json-too-deep', 'error', '[', new RegExp(`more than ${MAX_JSON_DEPTH} levels`))]);
    assert.equal(d?.span.start, MAX_JSON_DEPTH);
  });

  it('accepts nesting exactly at the limit, and brackets inside strings', () => {
    clean(syntaxValidator, '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    clean(syntaxValidator, JSON.stringify({ description: '['.repeat(MAX_JSON_DEPTH + 5) }));
  });
});
