import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { releaseFlowSchema } from '../../core/schema/schema';

const outCore = path.join(__dirname, '../../core');

/**
 * vscode-json-languageservice rewrites the schema objects it resolves. Each of
 * its uses must get a copy, whatever order a process uses them in, so this runs
 * in a fresh process: the plain JSON service first, then the chunked validation.
 */
describe('the schema shared by the JSON language services', () => {
  it('stays usable whichever service resolves it first', async () => {
    const script = `
      const { TextDocument } = require('vscode-languageserver-textdocument');
      const { jsonLanguageService } = require(${JSON.stringify(path.join(outCore, 'schema', 'schema.js'))});
      const { validateFlow } = require(${JSON.stringify(path.join(outCore, 'validation', 'validate.js'))});
      (async () => {
        const text = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequentail', steps: [] } } });
        const service = jsonLanguageService();
        const document = TextDocument.create('file:///a.json', 'json', 0, text);
        const first = await service.doValidation(document, service.parseJSONDocument(document), { schemaValidation: 'error' });
        const { diagnostics } = await validateFlow(text);
        console.log(JSON.stringify([first.length, diagnostics.map((d) => d.code)]));
      })().catch((error) => { console.error(error); process.exit(1); });`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { cwd: path.join(__dirname, '../../..') }, (error, out, err) => (error ? reject(new Error(err || error.message)) : resolve(out)));
    });
    assert.deepEqual(JSON.parse(stdout), [1, ['schema']]);
  });

  it('is frozen, so handing it to the language service by mistake fails loudly', () => {
    assert.ok(Object.isFrozen(releaseFlowSchema));
    assert.ok(Object.isFrozen((releaseFlowSchema as { definitions?: object }).definitions));
  });
});
