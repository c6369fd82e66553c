import * as assert from 'node:assert/strict';
import type { FlowDiagnostic, Severity } from '../../core/validation/diagnostics';
import { parseFlow } from '../../core/document/parse';
import { mergeDiagnostics, runCoreValidators, validateFlow } from '../../core/validation/validate';
import { schemaDiagnostics } from '../../core/validation/schema';
import { build, covered, flow, node, pipeline, trigger, type RunOptions } from './helpers';
import { computeDiagnostics } from '../../core/language/diagnostics';
import { DEFAULT_SETTINGS } from '../../core/language/settings';
import { checkFlowForCommit } from '../../core/gitops/checks';
import type { SeveritySetting } from '../../core/validation/diagnostics';

/**
 * mergeDiagnostics drops a schema finding at a range a core rule already
 * explains. It may drop a duplicate message, never a stronger severity: an
 * error the schema finds must survive a core warning at the same range.
 */
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];
const strongest = (list: readonly FlowDiagnostic[]): Severity | undefined => [...list].sort((a, b) => RANK[a.severity] - RANK[b.severity])[0]?.severity;

describe('mergeDiagnostics: the strongest severity at a range survives', () => {
  for (const coreSeverity of SEVERITIES) {
    for (const schemaSeverity of SEVERITIES) {
      it(`core ${coreSeverity} + schema ${schemaSeverity} at one range`, () => {
        const core: FlowDiagnostic = { code: 'core-rule', severity: coreSeverity, message: 'core', span: { start: 5, end: 9 } };
        const schema: FlowDiagnostic = { code: 'schema', severity: schemaSeverity, message: 'schema', span: { start: 5, end: 9 } };
        const merged = mergeDiagnostics([core], [schema]);
        assert.equal(strongest(merged), RANK[coreSeverity] <= RANK[schemaSeverity] ? coreSeverity : schemaSeverity);
        assert.ok(merged.includes(core), 'the core finding, which explains more, is always kept');
        // Only a schema finding that adds severity is kept: an equal or weaker one is a duplicate.
        assert.equal(merged.length, RANK[schemaSeverity] < RANK[coreSeverity] ? 2 : 1);
      });
    }
  }

  it('keeps a strong schema finding once, however many core findings share its range', () => {
    const span = { start: 1, end: 4 };
    const merged = mergeDiagnostics(
      [{ code: 'a', severity: 'warning', message: 'a', span }, { code: 'b', severity: 'info', message: 'b', span }],
      [{ code: 'schema', severity: 'error', message: 's', span }, { code: 'schema', severity: 'error', message: 's', span }],
    );
    assert.deepEqual(merged.map((d) => d.code), ['a', 'b', 'schema']);
  });
});

interface Pair {
  /** The core rule's code. */
  core: string;
  /** What the schema says at the same range (a message pattern). */
  schema: RegExp;
  text: string;
  options?: RunOptions;
}

const stages = pipeline({
  development: [{ id: 'api', type: 'service' }, { id: 'migrate', type: 'job' }, { id: 'db', type: 'addon' }],
});
const inDevelopment: RunOptions = { pipeline: stages, repoPath: '/release-development.json' };

/**
 * Every core rule whose range can be exactly a JSON value or key the schema
 * also flags. The others cannot meet one: expression rules (unknown-ref,
 * unknown-arg, function-*, template-expression, ...) flag characters inside a
 * string, never the string with its quotes; duplicate-ref needs a string ref,
 * which the schema accepts; teardown-only-kind and teardown-kind are kinds
 * the schema's node union accepts (the core rule says where).
 */
const PAIRS: Pair[] = [
  { core: 'gitops-file-path', schema: /pattern/i, text: flow({ gitops: { filePath: 'release development.json' } }), options: { repoPath: '/release-development.json' } },
  { core: 'secret-in-file', schema: /pattern/i, text: flow({ gitops: { repoUrl: 'https://deploy:hunter22@github.com/acme/api', filePath: '/release-development.json' } }) },
  { core: 'pipeline-target', schema: /pattern/i, text: flow({ steps: [node('Release', 'r', { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'api_v2', type: 'service' } })] }), options: inDevelopment },
  { core: 'pipeline-target', schema: /pattern/i, text: flow({ steps: [node('JobRun', 'j', { jobId: 'Migrate_Job' })] }), options: inDevelopment },
  { core: 'skip-node-execution', schema: /./, text: flow({ steps: [build('b', {})].map((b) => ({ ...b, skipNodeExecution: 'yes' })) }) },
  { core: 'timeout-range', schema: /./, text: flow({ steps: [node('Release', 'r', { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'api', type: 'service' } }, { condition: 'running', timeoutDuration: 5 })] }) },
  { core: 'unknown-kind', schema: /./, text: flow({ steps: [node('Relase', 'r')] }) },
  { core: 'template-only-kind', schema: /./, text: flow({ steps: [node('PreviewEnv', 'p')] }) },
  // A trigger with no ref and no repoUrl: the warning and the schema's missing property both sit on its `{`.
  { core: 'trigger-watches-nothing', schema: /Missing property/, text: flow({ triggers: [{ vcsService: 'github' }] }) },
  { core: 'ci-ignore-flags-ignored', schema: /Duplicate object key/, text: flow({ triggers: [trigger('git', { ciIgnoreFlags: ['[skip ci]'], later: 1 })] }).replace('"later": 1', '"ciIgnoreFlags": []') },
  { core: 'build-branch-and-pull-request', schema: /./, text: flow({ steps: [build('b', { pullRequestId: 'twelve' })] }) },
  { core: 'argument-overrides-committed', schema: /Duplicate object key/, text: flow({ argumentOverrides: { TOKEN: 'x' } }).replace('"spec"', '"argumentOverrides": {},\n  "spec"') },
  { core: 'unused-arg', schema: /Duplicate object key/, text: flow({ arguments: { UNUSED: 'a' } }).replace('"UNUSED": "a"', '"UNUSED": "a",\n    "UNUSED": "b"') },
];

describe('mergeDiagnostics: each pair of a core rule and a schema rule at one range', () => {
  for (const pair of PAIRS) {
    it(`${pair.core} and the schema`, async () => {
      const model = parseFlow(pair.text);
      const core = runCoreValidators({ model, repoPath: pair.options?.repoPath, pipeline: pair.options?.pipeline }, undefined).filter((d) => d.code === pair.core);
      assert.ok(core.length > 0, `the core rule ${pair.core} fires on the fixture`);
      const schema = await schemaDiagnostics(model);
      const shared = core.flatMap((c) => schema.filter((s) => s.span.start === c.span.start && s.span.end === c.span.end && pair.schema.test(s.message)));
      assert.ok(shared.length > 0, `the schema flags the same range as ${pair.core}: ${JSON.stringify(schema.map((s) => [s.message, covered(pair.text, s)]))} vs ${JSON.stringify(core.map((c) => covered(pair.text, c)))}`);
      const { diagnostics } = await validateFlow(pair.text, pair.options ?? {});
      for (const c of core) {
        const atRange = diagnostics.filter((d) => d.span.start === c.span.start && d.span.end === c.span.end);
        const expected = strongest([c, ...shared.filter((s) => s.span.start === c.span.start && s.span.end === c.span.end)]);
        assert.equal(strongest(atRange), expected, `at ${covered(pair.text, c)}: ${JSON.stringify(atRange.map((d) => `${d.severity} ${d.code} ${d.message}`))}`);
        assert.ok(atRange.some((d) => d.code === pair.core), 'the core finding is kept');
      }
    });
  }

  it('a code the user turns down or off keeps the schema error its range explained (editor, GitOps commit)', async () => {
    // timeoutDuration 5 on a Release: timeout-range (error) and the schema's minimum (error) share the range, so the schema's is merged away.
    const text = flow({ steps: [node('Release', 'r', { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'api', type: 'service' } }, { condition: 'running', timeoutDuration: 5 })] });
    const at = (await validateFlow(text)).diagnostics.find((d) => d.code === 'timeout-range');
    assert.ok(at, 'the core rule fires');
    const sameRange = (d: { span: { start: number; end: number } }): boolean => d.span.start === at.span.start && d.span.end === at.span.end;
    for (const setting of ['off', 'hint'] as SeveritySetting[]) {
      const severity = new Map<string, SeveritySetting>([['timeout-range', setting]]);
      const validated = await validateFlow(text, { severity });
      assert.ok(validated.diagnostics.some((d) => sameRange(d) && d.code === 'schema' && d.severity === 'error'), `timeout-range ${setting}: ${JSON.stringify(validated.diagnostics)}`);
      const shown = await computeDiagnostics(parseFlow(text), undefined, { ...DEFAULT_SETTINGS, severity });
      assert.ok(shown.some((d) => d.code === 'schema' && d.severity === 1), `editor, timeout-range ${setting}: ${JSON.stringify(shown)}`);
      const checks = await checkFlowForCommit(text, { severity });
      assert.ok(checks.errors.some((d) => d.code === 'schema'), `GitOps commit, timeout-range ${setting}: refused for the schema's error`);
    }
    const warned = await validateFlow(text, { severity: new Map([['timeout-range', 'warning']]) });
    assert.equal(warned.diagnostics.find((d) => d.code === 'timeout-range')?.severity, 'warning', 'the setting still applies to its own code');
  });

  it('a broken filePath pattern makes validate fail although the core only warns there', async () => {
    const text = flow({ gitops: { filePath: 'release development.json' } });
    const { diagnostics } = await validateFlow(text, { repoPath: '/release-development.json' });
    assert.ok(diagnostics.some((d) => d.severity === 'error' && covered(text, d) === '"release development.json"'));
  });
});
