import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DETECTION_SIZE_LIMIT, isReleaseFlowText } from '../../core/document/flowDetect';

const examples = path.join(__dirname, '../../../examples');
const read = (file: string): string => readFileSync(path.join(examples, file), 'utf8');

describe('flow detection by content', () => {
  it('recognises the example flows, whatever they are called', () => {
    for (const file of ['release-development.json', 'release-staging.json', 'release-production.json']) assert.equal(isReleaseFlowText(read(file)), true, file);
    assert.equal(isReleaseFlowText('// a comment\n{ "apiVersion": "v1.2", "spec": { "kind": "Workflow", "spec": { "type": "parallel", "steps": [], }, }, }'), true);
  });

  it('turns away JSON that is not a flow, including documents that embed one', () => {
    const flow = read('release-production.json');
    for (const text of [
      read('.northflank/pipeline.json'),
      `{ "kind": "Pipeline", "flows": [${flow}] }`,
      JSON.stringify({ name: 'app', version: '1.0.0', scripts: { apiVersion: 'Workflow' } }),
      '{ "apiVersion": "v1", "kind": "Deployment", "spec": { "kind": "Workflow" } }'.replace('"spec": { "kind": "Workflow" }', '"spec": { "template": { "kind": "Workflow" } }'),
      '{ "apiVersion": 2, "spec": { "kind": "Workflow" } }',
      '[{ "apiVersion": "v1.2", "spec": { "kind": "Workflow" } }]',
      '',
    ]) {
      assert.equal(isReleaseFlowText(text), false, text.slice(0, 80));
    }
  });

  it('recognises a flow being typed, so that its errors are shown', () => {
    assert.equal(isReleaseFlowText('{ "apiVersion": "v1.2", "spec": { "kind": "Workflow", "spec": { "steps": [ { "kind": '), true);
  });

  it('does not parse what is too large or too deep to be a flow', () => {
    const big = `{ "apiVersion": "v1.2", "spec": { "kind": "Workflow" }, "pad": "${'x'.repeat(DETECTION_SIZE_LIMIT)}" }`;
    assert.equal(isReleaseFlowText(big), false);
    const deep = `{ "apiVersion": "v1.2", "spec": { "kind": "Workflow" }, "x": ${'['.repeat(200000)}${']'.repeat(200000)} }`;
    assert.equal(isReleaseFlowText(deep), false);
  });
});
