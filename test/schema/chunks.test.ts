import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { FlowDiagnostic } from '../../core/validation/diagnostics';
import { updateFlow } from '../../core/document/incremental';
import { parseFlow } from '../../core/document/parse';
import { schemaChunks, toChunkOffset, toDocumentOffset } from '../../core/schema/chunks';
import { SchemaChunkCache, schemaDiagnostics, wholeDocumentSchemaDiagnostics } from '../../core/validation/schema';

const repoRoot = path.join(__dirname, '../../..');
const examples = readdirSync(path.join(repoRoot, 'examples'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => readFileSync(path.join(repoRoot, 'examples', file), 'utf8'));

const sorted = (diagnostics: FlowDiagnostic[]): string[] =>
  diagnostics.map((d) => `${d.span.start}-${d.span.end} ${d.code} ${d.message}`).sort();

async function assertSameAsWhole(text: string): Promise<void> {
  const model = parseFlow(text);
  assert.deepEqual(sorted(await schemaDiagnostics(model)), sorted(await wholeDocumentSchemaDiagnostics(model)), text);
}

/** Steps of every kind, valid and broken, for random flows. */
const STEPS: unknown[] = [
  { kind: 'Build', ref: 'b', spec: { id: 'svc', type: 'service', branch: 'main' } },
  { kind: 'Build', spec: { id: 'svc', type: 'servic', bogus: 1 } },
  { kind: 'Release', spec: { type: 'deployment', origin: { id: 'a', type: 'job' }, target: { id: 'b', type: 'job' } }, condition: 'running', timeoutDuration: 20 },
  { kind: 'Release', spec: { type: 'registry', origin: { imagePath: 7 } } },
  { kind: 'JobRun', spec: { jobId: '${refs.b.id}', runtimeEnvironment: { A: 1 } } },
  { kind: 'AddonBackup', spec: { addonId: 'db', backupType: 'hot' } },
  { kind: 'Action', spec: { kind: 'Service', spec: { type: 'restart', data: { serviceId: 'api' } } } },
  { kind: 'Condition', spec: { kind: 'JobRun', spec: { type: 'running' } } },
  { kind: 'Nope', spec: {} },
  { ref: 'no-kind' },
  { kind: 'Approval', spec: { amount: 'two' }, extra: true },
  { kind: 'Workflow', spec: { type: 'parallel', steps: [] } },
  { kind: 'Workflow', spec: { type: 'sequential', steps: [1, { kind: 'Build' }] } },
  { kind: 'Workflow', spec: { steps: [{ kind: 'Message', spec: { kind: 'SLACK' } }] } },
  { $schema: 'https://example.com/other.json', kind: 'Build', spec: {} },
];

const workflowArbitrary = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...STEPS),
    fc.record({
      kind: fc.constant('Workflow'),
      spec: fc.record({ type: fc.constantFrom('sequential', 'parallel', 'serial'), steps: fc.array(tie('node'), { maxLength: 4 }) }),
    }),
  ),
}));

describe('schema validation by chunks', () => {
  it('finds exactly what validating the whole document finds, on the examples', async () => {
    for (const text of examples) await assertSameAsWhole(text);
  });

  it('finds exactly what validating the whole document finds, on random flows with mistakes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(workflowArbitrary.node, { maxLength: 6 }), fc.boolean(), async (steps, teardown) => {
        const flow: Record<string, unknown> = { apiVersion: 'v1.3', spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } };
        if (teardown) flow.teardownSpec = { spec: { kind: 'Workflow', spec: { type: 'parallel', steps: steps.slice(0, 2) } } };
        await assertSameAsWhole(JSON.stringify(flow, null, 2));
      }),
      { numRuns: 150 },
    );
  });

  it('finds exactly the same with duplicate keys and a foreign $schema', async () => {
    await assertSameAsWhole('{"$schema": "./other.json", "apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [{"kind": "Build", "spec": {}, "spec": {"id": 1}}]}}}');
    await assertSameAsWhole('{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [{"kind": "Build"}]}}, "spec": {"kind": "Job"}}');
    await assertSameAsWhole('{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [{"kind": "Build"}], "steps": [{"kind": "X"}]}}}');
  });

  it('cuts steps out of their workflow and maps offsets both ways', () => {
    const text = '{"spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [{"kind": "Build"}, {"kind": "Workflow", "spec": {"type": "parallel", "steps": [{"kind": "JobRun"}]}}]}}}';
    const model = parseFlow(text);
    const chunks = schemaChunks(model);
    assert.deepEqual(chunks.map((c) => c.text), [
      '{"spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": []}}}',
      '{"kind": "Build"}',
      '{"kind": "Workflow", "spec": {"type": "parallel", "steps": []}}',
      '{"kind": "JobRun"}',
    ]);
    const file = chunks[0]!;
    const close = file.text.indexOf(']');
    assert.equal(text[toDocumentOffset(file, close)], ']');
    assert.equal(toDocumentOffset(file, close, true), text.indexOf('{"kind": "Build"}'));
    assert.equal(toChunkOffset(file, text.indexOf('"JobRun"')), close, 'an offset inside a hole maps to where it was cut');
    assert.equal(toChunkOffset(file, text.length - 1), file.text.length - 1);
  });

  it('validates again only the chunks an edit changed', async () => {
    const text = examples.find((t) => t.includes('"promote-api"')) as string;
    const cache = new SchemaChunkCache();
    let model = parseFlow(text);
    await schemaDiagnostics(model, undefined, cache);
    assert.equal(cache.lastRun.reused, 0);
    const at = text.indexOf('"shop-api-prod"') + 1;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    model = updateFlow(model, edited).model;
    const findings = await schemaDiagnostics(model, undefined, cache);
    assert.deepEqual(cache.lastRun, { validated: 1, reused: schemaChunks(model).length - 1 });
    assert.deepEqual(sorted(findings), sorted(await wholeDocumentSchemaDiagnostics(parseFlow(edited))));
  });
});
