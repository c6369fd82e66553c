import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { readSettings } from '../../core/language/settings';
import { createLanguageService } from '../../core/language/service';
import { parsePipelineDescription } from '../../core/pipeline/description';
import { RELEASE_FLOW_LANGUAGE_ID } from '../../core/language/protocol';
import { toPositioned, validateFlow } from '../../core/validation/validate';
import { flow, setup } from './helpers';

const repoRoot = path.join(__dirname, '../../..');
const pipeline = parsePipelineDescription(readFileSync(path.join(repoRoot, 'examples/.northflank/pipeline.json'), 'utf8')).pipeline!;

const WITH_PROBLEMS = flow(
  [
    { kind: 'Build', ref: 'build', spec: { id: 'svc', type: 'servic', branch: '${args.BRANH}' } },
    { kind: 'JobRun', ref: 'build', spec: { jobId: 'shop-migrate-prd' } },
  ],
  { arguments: { BRANCH: 'main', UNUSED: 'x' } },
);

describe('diagnostics', () => {
  it('are exactly what release-flow validate reports, schema and core rules merged', async () => {
    for (const name of ['release-development.json', 'release-production.json']) {
      const text = readFileSync(path.join(repoRoot, 'examples', name), 'utf8').replace('"shop-api-prod"', '"shop-api-prd"');
      const options = { repoPath: `/examples/${name}`, pipeline };
      const { service, document } = setup(text, { environment: () => options });
      const cli = await validateFlow(text, options);
      const expected = toPositioned(cli.model, cli.diagnostics);
      const actual = await service.doValidation(document);
      assert.deepEqual(actual.map((d) => [d.code, d.message, d.range, d.data]), expected.map((d) => [d.code, d.message, d.range, d.data]));
    }
    const { service, document } = setup(WITH_PROBLEMS, { environment: () => ({ repoPath: '/release-production.json', pipeline }) });
    const codes = (await service.doValidation(document)).map((d) => d.code);
    for (const code of ['schema', 'unknown-arg', 'duplicate-ref', 'unused-arg', 'pipeline-target']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
  });

  it('apply severity overrides per code, and hide codes set to off', async () => {
    const { settings, problems } = readSettings({ diagnostics: { severity: { 'unknown-arg': 'error', 'unused-arg': 'off', schema: 'loud' } } });
    assert.deepEqual(problems, ['releaseFlow.diagnostics.severity.schema: expected one of error, warning, info, hint, off, not "loud".']);
    const { service, document } = setup(WITH_PROBLEMS, { settings });
    const diagnostics = await service.doValidation(document);
    assert.equal(diagnostics.find((d) => d.code === 'unknown-arg')?.severity, DiagnosticSeverity.Error);
    assert.equal(diagnostics.find((d) => d.code === 'unused-arg'), undefined);
    assert.equal(diagnostics.find((d) => d.code === 'schema')?.severity, DiagnosticSeverity.Error);
  });

  it('carry the data quick fixes need, a source, and the unnecessary tag on unused arguments', async () => {
    const { service, document } = setup(WITH_PROBLEMS);
    const diagnostics = await service.doValidation(document);
    assert.deepEqual(diagnostics.find((d) => d.code === 'unknown-arg')?.data, { name: 'BRANH', suggestion: 'BRANCH' });
    assert.deepEqual(diagnostics.find((d) => d.code === 'unused-arg')?.tags, [DiagnosticTag.Unnecessary]);
    assert.ok(diagnostics.every((d) => d.source === 'release-flow'));
  });

  it('give a file past the size limit an informational diagnostic and only the cheap checks', async () => {
    const { settings } = readSettings({ maxFileSize: 100 });
    const { service, document } = setup(WITH_PROBLEMS, { settings });
    const diagnostics = await service.doValidation(document);
    const large = diagnostics.find((d) => d.code === 'file-too-large');
    assert.equal(large?.severity, DiagnosticSeverity.Information);
    assert.ok(!diagnostics.some((d) => d.code === 'schema'), 'no schema pass');
    assert.ok(diagnostics.some((d) => d.code === 'duplicate-ref'), 'the flow checks still run');
  });

  it('stay right version after version while only the changed parts are checked again', async () => {
    const service = createLanguageService();
    let text = WITH_PROBLEMS;
    const edits: [string, string][] = [['"servic"', '"service"'], ['BRANH', 'BRANCH'], ['"ref": "build", "spec": { "jobId"', '"ref": "run", "spec": { "jobId"'], ['shop-migrate-prd', '${refs.nope.id}'], ['"v1.2"', '"v1.3"']];
    let version = 1;
    for (const [from, to] of [['', ''] as [string, string], ...edits]) {
      text = text.replace(from, to);
      const document = TextDocument.create('file:///repo/release-x.json', 'json', version++, text);
      const fresh = await createLanguageService({ incremental: false }).doValidation(document);
      assert.deepEqual(await service.doValidation(document), fresh, `after ${from} -> ${to}`);
    }
  });

  it('tell release flows from other JSON documents', () => {
    const service = createLanguageService();
    const doc = (uri: string, text: string): TextDocument => TextDocument.create(uri, 'json', 1, text);
    assert.equal(service.isReleaseFlow(doc('file:///repo/release-staging.json', '')), true);
    assert.equal(service.isReleaseFlow(doc('file:///repo/release/production.json', '{}')), true);
    assert.equal(service.isReleaseFlow(doc('file:///repo/deploy.json', flow([]))), true);
    assert.equal(service.isReleaseFlow(doc('file:///repo/package.json', '{"name": "x"}')), false);
    assert.equal(service.isReleaseFlow(TextDocument.create('untitled:Untitled-1', RELEASE_FLOW_LANGUAGE_ID, 1, '')), true, 'the editor said so');
    service.configure(readSettings({ documents: 'all' }).settings);
    assert.equal(service.isReleaseFlow(doc('file:///repo/package.json', '{"name": "x"}')), true);
  });
});
