import * as assert from 'node:assert/strict';
import { applyWorkspaceEdit, flowText, setup } from './helpers';

const BASE = flowText(
  ['"arguments": { "BRANCH": "main", "OTHER": "x" }', '"argumentOverrides": { "BRANCH": "dev" }', '"triggers": [{ "ref": "push", "vcsService": "github", "repoUrl": "https://github.com/o/r" }]'],
  [
    '{ "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service", "branch": "${args.BRANCH}" } }',
    '{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${refs.build.id}-${fn.toUpper(args.BRANCH)}-${refs.build.sha}" } }',
  ],
);

function rename(marked: string, newName: string): { text?: string; refused?: string } {
  const { service, document, position } = setup(marked);
  const result = service.doRename(document, position, newName);
  return 'refused' in result ? { refused: result.refused } : { text: applyWorkspaceEdit(document, result) };
}

describe('rename', () => {
  it('renames a ref at its definition and every ${refs.x...}', () => {
    const { text } = rename(BASE.replace('"ref": "build"', '"ref": "bu|ild"'), 'compile');
    assert.equal(text, BASE.replace('"ref": "build"', '"ref": "compile"').replace('${refs.build.id}', '${refs.compile.id}').replace('${refs.build.sha}', '${refs.compile.sha}'));
  });

  it('renames from a use as well', () => {
    const { text } = rename(BASE.replace('${refs.build.sha}', '${refs.bui|ld.sha}'), 'compile');
    assert.ok(text?.includes('"ref": "compile"') && !text.includes('refs.build'));
  });

  it('renames an argument in arguments, argumentOverrides and every ${args.X}', () => {
    const { text } = rename(BASE.replace('"BRANCH": "main"', '"BRAN|CH": "main"'), 'GIT_BRANCH');
    assert.equal(text, BASE.split('BRANCH').join('GIT_BRANCH'));
  });

  it('refuses invalid names and collisions', () => {
    assert.match(rename(BASE.replace('"ref": "build"', '"ref": "bu|ild"'), 'two words').refused ?? '', /not a valid ref/);
    assert.match(rename(BASE.replace('"ref": "build"', '"ref": "bu|ild"'), '1st').refused ?? '', /not a valid ref/);
    assert.match(rename(BASE.replace('"ref": "build"', '"ref": "bu|ild"'), 'push').refused ?? '', /already has the ref 'push'/);
    assert.match(rename(BASE.replace('"ref": "build"', '"ref": "bu|ild"'), 'run').refused ?? '', /already has the ref 'run'/);
    assert.match(rename(BASE.replace('"BRANCH": "main"', '"BRAN|CH": "main"'), 'OTHER').refused ?? '', /already exists/);
  });

  it('refuses functions, output properties and duplicated refs, and says so in prepareRename', () => {
    const fn = setup(BASE.replace('fn.toUpper', 'fn.to|Upper'));
    assert.match((fn.service.prepareRename(fn.document, fn.position) as { refused: string }).refused, /platform function/);
    const property = setup(BASE.replace('${refs.build.sha}', '${refs.build.s|ha}'));
    assert.match((property.service.prepareRename(property.document, property.position) as { refused: string }).refused, /outputs cannot be renamed/);
    const duplicate = setup(BASE.replace('"ref": "run"', '"ref": "build"').replace('"ref": "build"', '"ref": "bu|ild"'));
    assert.match((duplicate.service.prepareRename(duplicate.document, duplicate.position) as { refused: string }).refused, /ref of 2 nodes/);
    const nothing = setup(BASE.replace('"apiVersion"', '"api|Version"'));
    assert.equal(nothing.service.prepareRename(nothing.document, nothing.position), null);
  });

  it('prepares a rename with the name\'s range and text', () => {
    const { service, document, position } = setup(BASE.replace('${refs.build.id}', '${refs.bu|ild.id}'));
    const prepared = service.prepareRename(document, position) as { range: { start: unknown; end: unknown }; placeholder: string };
    assert.equal(prepared.placeholder, 'build');
    assert.equal(document.getText(prepared.range as never), 'build');
  });
});
