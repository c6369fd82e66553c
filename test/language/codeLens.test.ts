import * as assert from 'node:assert/strict';
import { COMMANDS } from '../../core/language/protocol';
import { setup } from './helpers';

describe('code lens', () => {
  it('offers Run locally and Preview graph on the root workflow, with the document URI', () => {
    const { service, document } = setup('{\n  "apiVersion": "v1.2",\n  "spec": {\n    "kind": "Workflow",\n    "spec": { "type": "sequential", "steps": [] }\n  }\n}');
    const lenses = service.getCodeLenses(document);
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments]), [
      [2, COMMANDS.runLocally, [document.uri]],
      [2, COMMANDS.openPreview, [document.uri]],
    ]);
    assert.deepEqual(lenses.map((l) => l.command?.title), ['▶ Run locally', 'Preview graph']);
  });

  it('offers nothing without a root workflow', () => {
    const { service, document } = setup('{"apiVersion": "v1.2"}');
    assert.deepEqual(service.getCodeLenses(document), []);
  });
});
