import * as assert from 'node:assert/strict';
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import { flowText, setup } from './helpers';

const FLOW = flowText(
  ['"arguments": { "BRANCH": "main" }'],
  [
    '{ "kind": "Build", "ref": "bu|ild", "spec": { "id": "svc", "type": "service", "branch": "${args.BRANCH}" } }',
    '{ "kind": "JobRun", "spec": { "jobId": "${refs.build.id}", "runtimeEnvironment": { "SHA": "${refs.build.sha}", "B": "${fn.toUpper(args.BRANCH)}" } } }',
    '{ "kind": "Condition", "spec": { "kind": "Build", "spec": { "type": "success", "data": { "buildId": "${refs.build.id}" } } } }',
  ],
);

describe('references and highlights', () => {
  it('finds every use of a ref, with or without its definition', () => {
    const { service, document, position } = setup(FLOW);
    const all = service.findReferences(document, position, true);
    assert.deepEqual(all.map((l) => [l.range.start.line, document.getText(l.range)]), [[8, 'build'], [9, 'build'], [9, 'build'], [10, 'build']]);
    assert.equal(service.findReferences(document, position, false).length, 3);
  });

  it('finds every use of an argument and of a function', () => {
    const args = setup(FLOW.replace('bu|ild', 'build').replace('"BRANCH": "main"', '"BRA|NCH": "main"'));
    assert.deepEqual(args.service.findReferences(args.document, args.position, true).map((l) => l.range.start.line), [2, 8, 9]);
    const fn = setup(FLOW.replace('bu|ild', 'build').replace('fn.toUpper', 'fn.to|Upper'));
    assert.deepEqual(fn.service.findReferences(fn.document, fn.position, true).map((l) => fn.document.getText(l.range)), ['toUpper']);
  });

  it('finds every read of one output property', () => {
    const { service, document, position } = setup(FLOW.replace('bu|ild', 'build').replace('refs.build.id}" } }', 'refs.build.i|d}" } }'));
    assert.deepEqual(service.findReferences(document, position, true).map((l) => l.range.start.line), [9, 10]);
  });

  it('highlights the definition as a write and the uses as reads', () => {
    const { service, document, position } = setup(FLOW);
    const highlights = service.findDocumentHighlights(document, position);
    assert.deepEqual(highlights.map((h) => h.kind), [DocumentHighlightKind.Write, DocumentHighlightKind.Read, DocumentHighlightKind.Read, DocumentHighlightKind.Read]);
  });
});
