import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FlowDocuments } from '../../core/language/documents';
import { parseFlow } from '../../core/document/parse';
import { flow } from './helpers';

describe('the parse cache', () => {
  it('parses each version once, and later versions from the earlier one', () => {
    const documents = new FlowDocuments();
    const text = flow([{ kind: 'JobRun', ref: 'run', spec: { jobId: 'job' } }]);
    let document = TextDocument.create('file:///repo/release-dev.json', 'json', 1, text);
    const first = documents.get(document);
    assert.equal(documents.get(document), first, 'the same version is not parsed again');
    assert.equal(first.update, 'full');
    document = TextDocument.update(document, [{ range: { start: document.positionAt(text.indexOf('job"') + 3), end: document.positionAt(text.indexOf('job"') + 3) }, text: '-2' }], 2);
    const second = documents.get(document);
    assert.equal(second.version, 2);
    assert.equal(second.update, 'string+node');
    assert.equal(second.model.nodes[1]?.json.children?.[2]?.children?.[1]?.children?.[0]?.children?.[1]?.value, 'job-2');
    assert.deepEqual(second.model.nodes.map((n) => n.span), parseFlow(document.getText()).nodes.map((n) => n.span));
  });

  it('parses from scratch when asked not to reuse versions, and forgets closed documents', () => {
    const documents = new FlowDocuments(false);
    const a = TextDocument.create('file:///a.json', 'json', 1, flow([]));
    documents.get(a);
    const b = TextDocument.create('file:///a.json', 'json', 2, flow([{ kind: 'Approval', spec: { amount: 1 } }]));
    assert.equal(documents.get(b).update, 'full');
    documents.delete('file:///a.json');
    assert.equal(documents.peek('file:///a.json'), undefined);
  });
});
