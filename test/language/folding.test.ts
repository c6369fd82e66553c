import * as assert from 'node:assert/strict';
import { setup } from './helpers';

describe('folding and selection ranges', () => {
  const text = `{
  "apiVersion": "v1.2",
  "spec": {
    "kind": "Workflow",
    "spec": {
      "type": "sequential",
      "steps": [
        {
          "kind": "Build",
          "ref": "build",
          "spec": { "id": "svc", "type": "service" }
        },
        {
          "kind": "JobRun",
          "spec": { "jobId": "\${fn.toUpper(refs.build.id)}" }
        }
      ]
    }
  }
}`;

  it('folds every object and array over several lines, showing what a folded node does', () => {
    const { service, document } = setup(text);
    const ranges = service.getFoldingRanges(document);
    assert.deepEqual(ranges.map((r) => [r.startLine, r.endLine]), [[0, 18], [2, 17], [4, 16], [6, 15], [7, 10], [12, 14]]);
    assert.equal(ranges.find((r) => r.startLine === 7)?.collapsedText, '{ build: Build svc (latest commit) }');
    assert.equal(ranges.find((r) => r.startLine === 6)?.collapsedText, '[ 2 ]');
    assert.equal(service.getFoldingRanges(document, 2).length, 2, 'the client\'s range limit holds');
  });

  it('grows a selection from a name in an expression out to the document', () => {
    const marked = text.replace('refs.build.id', 'refs.bu|ild.id');
    const { service, document, position } = setup(marked);
    const [selection] = service.getSelectionRanges(document, [position]);
    const chain: string[] = [];
    for (let s = selection; s; s = s.parent) chain.push(document.getText(s.range));
    assert.deepEqual(chain.slice(0, 7), [
      'build',
      'refs.build.id',
      'fn.toUpper(refs.build.id)',
      '${fn.toUpper(refs.build.id)}',
      '"${fn.toUpper(refs.build.id)}"',
      '"jobId": "${fn.toUpper(refs.build.id)}"',
      '{ "jobId": "${fn.toUpper(refs.build.id)}" }',
    ]);
    assert.equal(chain[chain.length - 1], text);
    for (let i = 1; i < chain.length; i++) assert.ok(chain[i]!.includes(chain[i - 1]!), 'each range contains the previous one');
  });
});
