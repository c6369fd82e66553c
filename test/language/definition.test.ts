import * as assert from 'node:assert/strict';
import { flowText, setup } from './helpers';

const FLOW = (step: string): string =>
  flowText(
    ['"arguments": { "BRANCH": "main" }', '"richInputs": [{ "kind": "BuildSelector", "spec": { "outputs": { "buildId": "BUILD" } } }]', '"triggers": [{ "ref": "push", "vcsService": "github", "repoUrl": "https://github.com/o/r" }]'],
    ['{ "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service" } }', step],
  );

function definitionAt(marked: string): { targets: string[]; origin: string } {
  const { service, document, position } = setup(marked);
  const links = service.findDefinition(document, position);
  return {
    targets: links.map((l) => document.getText(l.targetSelectionRange)),
    origin: links[0]?.originSelectionRange ? document.getText(links[0].originSelectionRange) : '',
  };
}

describe('definition', () => {
  it('goes from a ref or one of its properties to the node', () => {
    assert.deepEqual(definitionAt(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${refs.bu|ild.id}" } }')), { targets: ['build'], origin: 'build' });
    assert.deepEqual(definitionAt(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${refs.build.i|d}" } }')).targets, ['build']);
    const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${refs.bu|ild.id}" } }'));
    const [link] = service.findDefinition(document, position);
    assert.ok(document.getText(link!.targetRange).startsWith('{ "kind": "Build"'), 'the whole node is the target range');
  });

  it('goes from a trigger ref to the trigger', () => {
    assert.deepEqual(definitionAt(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${refs.pu|sh.sha}" } }')).targets, ['push']);
  });

  it('goes from an argument to its arguments entry or the rich input that sets it', () => {
    assert.deepEqual(definitionAt(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${args.BRAN|CH}" } }')).targets, ['BRANCH']);
    const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${args.BUI|LD}" } }'));
    const [link] = service.findDefinition(document, position);
    assert.equal(document.getText(link!.targetSelectionRange), 'BUILD');
    assert.equal(link!.targetSelectionRange.start.line, 3, 'the rich input output on line 4');
  });

  it('finds nothing for functions and unknown names', () => {
    assert.deepEqual(definitionAt(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${fn.toUp|per(args.BRANCH)}" } }')).targets, []);
    assert.deepEqual(definitionAt(FLOW('{ "kind": "JobRun", "spec": { "jobId": "${refs.nope|.id}" } }')).targets, []);
  });
});
