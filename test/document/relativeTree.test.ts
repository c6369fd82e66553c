import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseRelativeTree, parseStrictJson, relativeTree } from '../../core/document/relativeTree';
import { JSON_PARSE_OPTIONS, MAX_JSON_DEPTH } from '../../core/document/parse';
import { generateFlow } from '../bench/generate';

/** A tree as plain data, positions read through `offset` and `colonOffset`. */
function plain(node: JsonNode | undefined): unknown {
  return node && { type: node.type, offset: node.offset, length: node.length, value: node.value, colonOffset: node.colonOffset, children: node.children?.map(plain) };
}

function assertParsesAsJsonc(text: string): void {
  const expectedErrors: ParseError[] = [];
  const expected = parseTree(text, expectedErrors, JSON_PARSE_OPTIONS);
  const errors: ParseError[] = [];
  const actual = parseRelativeTree(text, errors, JSON_PARSE_OPTIONS);
  assert.deepEqual(plain(actual), plain(expected), text);
  // The quick parser answers only for plain JSON, and then exactly as jsonc-parser does.
  const strict = parseStrictJson(text, MAX_JSON_DEPTH);
  if (strict !== undefined) {
    assert.deepEqual(expectedErrors, [], `taken for a document with errors: ${text}`);
    assert.deepEqual(plain(strict), plain(expected), text);
  }
  assert.deepEqual(errors, expectedErrors, text);
  assert.deepEqual(plain(expected && relativeTree(expected)), plain(expected));
  // Parents are set all the way up, and the root has none.
  const stack = actual ? [actual] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children ?? []) {
      assert.equal(child.parent, node);
      stack.push(child);
    }
  }
  assert.equal(actual?.parent, undefined);
}

describe('relative trees', () => {
  it('equal jsonc-parser trees on flows, and on broken or odd JSON', () => {
    for (const text of [generateFlow(30, 2), '', ' ', '{', '[1, 2', '{"a": }', '{"a" 1}', '{"a": 1,}', '[1,]', '1 2', '"x', '{"a": {"b": [true, null, -1.5e3]}} ', '// c\n{}', '{"a":1 "b":2}']) {
      assertParsesAsJsonc(text);
    }
  });

  it('take the quick way for plain JSON, escapes, numbers and nesting included, and the exact way for anything else', () => {
    const plainJson = [
      generateFlow(30, 2),
      ' \t\r\n{"a\\"b": "\\u00e9\\n\\/x", "": [], "o": {}, "n": [-0, 0.5, 1e3, -2.5E-2, 10], "u": "é ☃ \ud83d\ude00"}\n',
      '[[[]], [{}], true, false, null, "x"]',
      '"alone"',
      '-12',
      '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH),
    ];
    for (const text of plainJson) {
      assert.notEqual(parseStrictJson(text, MAX_JSON_DEPTH), undefined, text);
      assertParsesAsJsonc(text);
    }
    const notPlain = ['', '{"a": 1,}', '// c\n{}', '{"a": 01}', '{"a": 1.}', '{"a": .5}', '{"a": +1}', '\ufeff{}', '{\u00a0}', '{"a": "tab\there"}', '{"a": "\\x"}', '[1] 2', '{"a": tru}', '{"a": truex}', '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)];
    for (const text of notPlain) {
      assert.equal(parseStrictJson(text, MAX_JSON_DEPTH), undefined, text);
      assertParsesAsJsonc(text);
    }
  });

  it('equal jsonc-parser trees on random JSON-ish text', () => {
    const pieces = ['{', '}', '[', ']', ',', ':', '"k"', '"v"', '1', 'true', 'null', ' ', '\n', '"', 'x', '/*', '*/', '-', '.5', 'e2', '\\', '"\\n"', '\t'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => assertParsesAsJsonc(parts.join(''))), { numRuns: 500 });
  });
});
