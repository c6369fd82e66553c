import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as fc from 'fast-check';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { readSettings } from '../../core/language/settings';
import { createLanguageService, EARLY_FINDINGS_MIN_CHARS } from '../../core/language/service';
import { parsePipelineDescription } from '../../core/pipeline/description';
import { RELEASE_FLOW_LANGUAGE_ID } from '../../core/language/protocol';
import { toPositioned, validateFlow } from '../../core/validation/validate';
import { generateFlow } from '../bench/generate';
import { flow, setup } from './helpers';
import { flowWithLocalFindings } from '../validation/helpers';

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

  it('equal a fresh full validation after random edits anywhere, validated or skipped', async function () {
    this.timeout(120_000);
    // Typing in a string, a key, an expression, a ref other nodes use, a kind; deleting; a node appearing.
    // A clean generated flow, and one with node-local findings in many nodes (kept per node by the service).
    const bases = [generateFlow(60, 11).replace('"condition": "success"', '"condition": "finished"'), flowWithLocalFindings()];
    const anchors = ['": "', '"ref": "', '"kind": "', '${refs.', '"branch', '"steps": [', '"weekly', '"timeoutDuration": ', 'ghp_', '${fn.'];
    const edit = fc.record({ at: fc.nat(), anchor: fc.constantFrom(...anchors), insert: fc.constantFrom('x', '', '-', '}', '${', ' '), remove: fc.nat({ max: 2 }), validate: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 5 }), async (base, edits) => {
        const service = createLanguageService();
        const uri = 'file:///repo/release-random.json';
        let text = base;
        let version = 1;
        await service.doValidation(TextDocument.create(uri, 'json', version, text));
        for (const e of edits) {
          const found = text.indexOf(e.anchor, e.at % text.length);
          const start = (found < 0 ? text.indexOf(e.anchor) : found) + e.anchor.length;
          text = text.slice(0, start) + e.insert + text.slice(start + e.remove);
          const document = TextDocument.create(uri, 'json', ++version, text);
          service.parse(document);
          if (!e.validate) continue;
          const fresh = await createLanguageService({ incremental: false }).doValidation(document);
          assert.deepEqual(await service.doValidation(document), fresh);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('hand out the core findings of a large document first, then exactly the full set', async () => {
    // Two findings the core rules make (an unknown ref, an unknown argument) and one only the schema makes.
    const text = generateFlow(700, 4).replace('"condition": "success"', '"condition": "finished"').replace('${refs.build-3.id}', '${refs.build-x.id}').replace('args.ENVIRONMENT', 'args.ENVIRONMNT');
    assert.ok(text.length >= EARLY_FINDINGS_MIN_CHARS);
    const service = createLanguageService();
    const document = TextDocument.create('file:///repo/release-large.json', 'json', 1, text);
    const early: Diagnostic[][] = [];
    const complete = await service.doValidation(document, undefined, (diagnostics) => early.push(diagnostics));
    assert.equal(early.length, 1);
    const codes = (list: Diagnostic[]): string[] => list.map((d) => String(d.code));
    assert.deepEqual(codes(early[0]!).sort(), ['unknown-arg', 'unknown-ref']);
    assert.deepEqual(codes(complete).sort(), ['schema', 'unknown-arg', 'unknown-ref']);
    assert.ok(early[0]!.every((d) => complete.some((c) => JSON.stringify(c) === JSON.stringify(d))), 'the early set is a part of the complete one');
    assert.deepEqual(complete, await createLanguageService({ incremental: false }).doValidation(document));
    // Later versions reuse the schema findings: they come out whole, at once.
    const edited = TextDocument.create(document.uri, 'json', 2, text.replace('"weekly release"', '"weekly releases"'));
    await service.doValidation(edited, undefined, (diagnostics) => early.push(diagnostics));
    assert.equal(early.length, 1);
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
