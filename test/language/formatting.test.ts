import * as assert from 'node:assert/strict';
import { applyEdits, setup } from './helpers';

describe('formatting', () => {
  it('formats the document with the client\'s indentation', () => {
    const { service, document } = setup('{"apiVersion":"v1.2","spec":{"kind":"Workflow","spec":{"type":"sequential","steps":[]}}}');
    const formatted = applyEdits(document, service.format(document, undefined, { tabSize: 2, insertSpaces: true }));
    assert.equal(formatted, '{\n  "apiVersion": "v1.2",\n  "spec": {\n    "kind": "Workflow",\n    "spec": {\n      "type": "sequential",\n      "steps": []\n    }\n  }\n}');
    const tabs = applyEdits(document, service.format(document, undefined, { tabSize: 4, insertSpaces: false, insertFinalNewline: true }));
    assert.ok(tabs.startsWith('{\n\t"apiVersion": "v1.2",\n\t"spec": {\n\t\t"kind"') && tabs.endsWith('}\n'));
  });

  it('formats only the range asked for, and keeps CRLF line endings', () => {
    const text = '{\r\n  "apiVersion": "v1.2",\r\n  "arguments": {"A":1,"B":2},\r\n  "spec": {"kind":"Workflow"}\r\n}';
    const { service, document } = setup(text);
    const line = { start: { line: 2, character: 0 }, end: { line: 2, character: 29 } };
    const formatted = applyEdits(document, service.format(document, line, { tabSize: 2, insertSpaces: true }));
    assert.equal(formatted, '{\r\n  "apiVersion": "v1.2",\r\n  "arguments": {\r\n    "A": 1,\r\n    "B": 2\r\n  },\r\n  "spec": {"kind":"Workflow"}\r\n}');
  });
});
