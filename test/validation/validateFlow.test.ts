import * as assert from 'node:assert/strict';
import type { FlowDiagnostic } from '../../core/validation/diagnostics';
import { parseFlow } from '../../core/document/parse';
import { mergeDiagnostics, validateFlow } from '../../core/validation/validate';
import { schemaDiagnostics } from '../../core/validation/schema';
import { assertDiagnostics, build, covered, diag, flow, node } from './helpers';

/** Schema findings alone, to show that a merged result really dropped one. */
async function schemaOnly(text: string): Promise<[string, string][]> {
  return (await schemaDiagnostics(parseFlow(text))).map((d) => [d.code, covered(text, d)]);
}

const at = (start: number, end: number, code: string, message = code): FlowDiagnostic => ({ code, severity: 'error', message, span: { start, end } });

describe('validateFlow', () => {
  it('finds nothing in a clean flow, schema included', async () => {
    const text = flow({ arguments: { BRANCH: 'main' }, steps: [build('b', { branch: '${args.BRANCH}' }), node('JobRun', 'j', { jobId: 'migrate' }, { condition: 'success' })] });
    assert.deepEqual((await validateFlow(text)).diagnostics, []);
  });

  it('reports an unknown kind once: the core unknown-kind, not also the schema error at the same place', async () => {
    const text = flow({ steps: [node('Relase', 'r')] });
    assert.ok((await schemaOnly(text)).some(([, c]) => c === '"Relase"'), 'the schema on its own does complain at the kind');
    const { diagnostics } = await validateFlow(text);
    assertDiagnostics(text, diagnostics, [diag('unknown-kind', 'error', '"Relase"', /Did you mean 'Release'\?/)]);
  });

  it('reports skipNodeExecution: true (a JSON boolean) once', async () => {
    const text = flow({ steps: [node('Build', 'b', { id: 'api', type: 'service', branch: 'main' }, { skipNodeExecution: true })] });
    assert.ok((await schemaOnly(text)).some(([, c]) => c === 'true'), 'the schema on its own does complain at the value');
    const { diagnostics } = await validateFlow(text);
    assertDiagnostics(text, diagnostics, [diag('skip-node-execution', 'error', 'true', /Write it as a string: "true"\./)]);
  });

  it('reports an out-of-range timeout once', async () => {
    const text = flow({ steps: [node('Release', undefined, { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'api', type: 'service' } }, { condition: 'running', timeoutDuration: 29 })] });
    assert.ok((await schemaOnly(text)).some(([, c]) => c === '29'));
    assertDiagnostics(text, (await validateFlow(text)).diagnostics, [diag('timeout-range', 'error', '29')]);
  });

  it('accepts Condition and Action timeouts outside 30..14400: the reference documents that range for the Release node only', async () => {
    const text = flow({ steps: [
      node('Condition', 'c', { kind: 'Service', spec: { type: 'running', data: { serviceId: 'api', timeoutDuration: 10 } } }),
      node('Action', 'a', { kind: 'Addon', spec: { type: 'restart', data: { addonId: 'db', timeoutDuration: 20000 }, condition: 'running' } }),
    ] });
    assert.deepEqual((await validateFlow(text)).diagnostics.map((d) => `${d.code} ${d.message}`), []);
  });

  it('keeps schema findings no core rule explains, and sorts everything by position', async () => {
    const text = flow({
      top: { unexpected: 1 },
      arguments: { UNUSED: 'x' },
      steps: [build('dup', { branch: '${refs.nope.branch}' }), node('Relase', 'dup', {}, { skipNodeExecution: 'yes' })],
    });
    const { diagnostics } = await validateFlow(text);
    assertDiagnostics(text, diagnostics, [
      diag('schema', 'error', '"unexpected"', /not allowed/),
      diag('unused-arg', 'hint', '"UNUSED"'),
      diag('duplicate-ref', 'error', '"dup"'),
      diag('unknown-ref', 'error', 'nope'),
      diag('unknown-kind', 'error', '"Relase"'),
      diag('duplicate-ref', 'error', '"dup"'),
      diag('skip-node-execution', 'error', '"yes"'),
    ]);
    const starts = diagnostics.map((d) => d.span.start);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'the result itself is in document order');
  });

  it('skips the schema past schemaSizeLimit with a file-too-large info, and still runs the core checks', async () => {
    const text = flow({ top: { unexpected: 1 }, steps: [node('Relase', 'r')] });
    const over = await validateFlow(text, { schemaSizeLimit: text.length - 1 });
    assertDiagnostics(text, over.diagnostics, [
      diag('file-too-large', 'info', '', /schema checks are skipped/, /Syntax and flow checks still ran\./),
      diag('unknown-kind', 'error', '"Relase"'),
    ]);
    const atLimit = await validateFlow(text, { schemaSizeLimit: text.length });
    assertDiagnostics(text, atLimit.diagnostics, [diag('schema', 'error', '"unexpected"'), diag('unknown-kind', 'error', '"Relase"')]);
  });

  it('runs no schema pass when asked not to, or when the document is too deep to parse', async () => {
    const text = flow({ top: { unexpected: 1 } });
    assert.deepEqual((await validateFlow(text, { schema: false })).diagnostics, []);
    const deep = '['.repeat(1001) + ']'.repeat(1001);
    assertDiagnostics(deep, (await validateFlow(deep)).diagnostics, [diag('json-too-deep', 'error', '[')]);
  });

  it('passes repoPath and pipeline through to the core checks', async () => {
    const text = flow({ gitops: { vcsService: 'github', repoUrl: 'https://github.com/acme/api', branch: 'main', filePath: '/release-dev.json' } });
    assertDiagnostics(text, (await validateFlow(text, { repoPath: '/release-development.json' })).diagnostics, [diag('gitops-file-path', 'warning', '"/release-dev.json"')]);
  });

  describe('mergeDiagnostics', () => {
    it('drops schema findings at a span a core finding covers, and repeated schema findings', () => {
      const merged = mergeDiagnostics([at(5, 9, 'unknown-kind')], [at(5, 9, 'schema', 'enum'), at(20, 25, 'schema', 'a'), at(20, 25, 'schema', 'a'), at(20, 25, 'schema', 'b'), at(5, 8, 'schema', 'c')]);
      assert.deepEqual(merged.map((d) => [d.code, d.span.start, d.span.end, d.message]), [
        ['unknown-kind', 5, 9, 'unknown-kind'],
        ['schema', 20, 25, 'a'],
        ['schema', 20, 25, 'b'],
        ['schema', 5, 8, 'c'],
      ]);
    });
  });
});
