import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { flowText, setup } from './helpers';

const FLOW = (expression: string): string =>
  flowText(
    ['"arguments": { "BRANCH": "main" }', '"argumentOverrides": { "TOKEN": "s3cr3t-value" }', '"triggers": [{ "ref": "push", "vcsService": "github", "repoUrl": "https://github.com/o/r" }]'],
    ['{ "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service" } }', `{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${expression}" } }`],
  );

async function hoverAt(marked: string): Promise<{ text: string; hover: Hover | null; covered: string }> {
  const { service, document, position } = setup(marked);
  const hover = await service.doHover(document, position);
  const covered = hover?.range ? document.getText(hover.range) : '';
  return { text: (hover?.contents as MarkupContent | undefined)?.value ?? '', hover, covered };
}

describe('hover', () => {
  it('explains a ref: its kind, where it is and what it outputs', async () => {
    const { text, covered } = await hoverAt(FLOW('${refs.bu|ild.id}'));
    assert.equal(covered, 'build');
    assert.match(text, /Build node: Starts a build/);
    assert.match(text, /line 11/);
    assert.match(text, /`id`, `branch`, .*`sha`/);
  });

  it('explains a trigger ref and an output property', async () => {
    assert.match((await hoverAt(FLOW('${refs.pu|sh.sha}'))).text, /Git trigger \(line 5\) on https:\/\/github.com\/o\/r/);
    const property = await hoverAt(FLOW('${refs.build.s|ha}'));
    assert.equal(property.covered, 'sha');
    assert.match(property.text, /`refs.build.sha` \(string\): SHA of the built commit/);
  });

  it('shows an argument\'s default and where it is defined, and never an override\'s value', async () => {
    const { text, covered } = await hoverAt(FLOW('${args.BRA|NCH}'));
    assert.equal(covered, 'BRANCH');
    assert.match(text, /Default `"main"` from `arguments` \(line 3\)/);
    const secret = await hoverAt(FLOW('${args.TO|KEN}'));
    assert.match(secret.text, /Overridden in `argumentOverrides` \(line 4\)/);
    assert.doesNotMatch(secret.text, /s3cr3t/);
  });

  it('shows a function\'s signature, description and example', async () => {
    const { text, covered } = await hoverAt(FLOW("${fn.toU|pper(args.BRANCH)}"));
    assert.equal(covered, 'toUpper');
    assert.match(text, /fn\.toUpper\(string: string\): string/);
    assert.match(text, /Example: `\$\{fn\.toUpper/);
  });

  it('explains what a node kind does', async () => {
    const { text, covered } = await hoverAt(FLOW('x').replace('"kind": "JobRun"', '"kind": "Job|Run"'));
    assert.equal(covered, '"JobRun"');
    assert.match(text, /\*\*JobRun\*\* \(Run job\): Starts a run of a job/);
  });

  it('shows the schema description of a property, in a step as at the top level', async () => {
    const inStep = await hoverAt(FLOW('x').replace('"jobId"', '"job|Id"'));
    assert.equal(inStep.covered, '"jobId"');
    assert.match(inStep.text, /^ID of the job to run/);
    const top = await hoverAt(FLOW('x').replace('"apiVersion"', '"apiVer|sion"'));
    assert.match(top.text, /Version of the Northflank template API/);
    const expression = await hoverAt(FLOW('${args.BRANCH}').replace('"jobId": "${', '"jobId": "|${'));
    assert.match(expression.text, /A string with one or more `\$\{...\}` expressions/);
  });

  it('describes the document as a whole outside any property', async () => {
    assert.match((await hoverAt(FLOW('x').replace('{\n  "apiVersion"', '|{\n  "apiVersion"'))).text, /Northflank release flow/);
  });
});
