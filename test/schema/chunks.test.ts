import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { FlowDiagnostic } from '../../core/validation/diagnostics';
import { updateFlow } from '../../core/document/incremental';
import type { FlowModel } from '../../core/document/model';
import { nodeAtOffset } from '../../core/document/order';
import { parseFlow } from '../../core/document/parse';
import { schemaChunks, toChunkOffset, toDocumentOffset } from '../../core/schema/chunks';
import { SchemaChunkCache, schemaDiagnostics, wholeDocumentSchemaDiagnostics } from '../../core/validation/schema';
import { generateFlow } from '../bench/generate';

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
    assert.deepEqual(cache.lastRun, { validated: 1, reused: schemaChunks(model).length - 1, cut: 2, read: 2 });
    assert.deepEqual(sorted(findings), sorted(await wholeDocumentSchemaDiagnostics(parseFlow(edited))));
  });
});

describe('schema chunks after edits', () => {
  /** A generated flow with a few chunks the schema rejects, so findings have to move and change. */
  const base = generateFlow(40, 3).replace('"condition": "success"', '"condition": "finished"').replace('"backupType": "', '"backupType": "x');
  const sortedText = (model: FlowModel, diagnostics: FlowDiagnostic[]): string[] => sorted(diagnostics).map((line) => `${line} ${model.text.slice(...line.split(' ')[0]!.split('-').map(Number))}`);

  it('equal a fresh validation after random edits, whichever versions were validated in between', async () => {
    const anchors = ['": "', '"ref": "', '"kind": "', '{"', '"steps": ['];
    const edit = fc.record({ at: fc.nat(), anchor: fc.constantFrom(...anchors), insert: fc.constantFrom('x', '', '1', '${refs.', '"extra": 1, '), remove: fc.nat({ max: 2 }), validate: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const cache = new SchemaChunkCache();
        let text = base;
        let model = parseFlow(text);
        await schemaDiagnostics(model, undefined, cache);
        for (const e of edits) {
          const found = text.indexOf(e.anchor, e.at % text.length);
          const start = (found < 0 ? text.indexOf(e.anchor) : found) + e.anchor.length;
          // A property goes at the start of an object; elsewhere characters are typed or deleted in place.
          const inserted = e.anchor === '{"' ? '' : e.insert === '"extra": 1, ' ? 'x' : e.insert;
          const before = e.anchor === '{"' ? start - 1 : start;
          text = e.anchor === '{"' ? `${text.slice(0, before)}"extra": 1, ${text.slice(before)}` : text.slice(0, start) + inserted + text.slice(start + e.remove);
          model = updateFlow(model, text).model;
          // Versions skipped by the debounce are never validated: the cache must still notice what they changed.
          if (!e.validate) continue;
          const fresh = parseFlow(text);
          assert.deepEqual(sortedText(model, await schemaDiagnostics(model, undefined, cache)), sortedText(fresh, await schemaDiagnostics(fresh)));
        }
        const fresh = parseFlow(text);
        assert.deepEqual(sortedText(model, await schemaDiagnostics(model, undefined, cache)), sortedText(fresh, await schemaDiagnostics(fresh)));
      }),
      { numRuns: 40 },
    );
  });

  it('cut and validate again only the chunks on the path to a keystroke, wherever it is', async () => {
    const text = generateFlow(400, 5);
    const cache = new SchemaChunkCache();
    let model = parseFlow(text);
    await schemaDiagnostics(model, undefined, cache);
    const chunkCount = schemaChunks(model).length;
    for (const at of [text.indexOf('"shop-'), text.indexOf('"shop-', text.length >> 1), text.lastIndexOf('"shop-')]) {
      const edited = `${model.text.slice(0, at + 3)}x${model.text.slice(at + 3)}`;
      model = updateFlow(model, edited).model;
      await schemaDiagnostics(model, undefined, cache);
      // The file chunk and the chunks of the workflows around the edit, down to the edited node: a handful, not hundreds.
      const owner = nodeAtOffset(model, at);
      let depth = 0;
      for (let node = owner; node; node = node.parent) depth++;
      assert.equal(cache.lastRun.validated, 1, `at ${at}`);
      assert.ok(cache.lastRun.cut <= depth + 1, `cut ${cache.lastRun.cut} chunk texts of ${chunkCount} for an edit at depth ${depth}`);
      // The chunks beside that path come whole, a subtree at a time, without being looked at one by one.
      assert.ok(cache.lastRun.read <= depth + 1, `read ${cache.lastRun.read} chunks of ${chunkCount} one by one for an edit at depth ${depth}`);
      assert.equal(cache.lastRun.reused + cache.lastRun.validated, chunkCount, 'every chunk is counted, read or reused');
    }
  });
});
