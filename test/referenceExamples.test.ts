import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateFlow } from '../core/validation/validate';
import { collectExamples, type ReferenceExample } from './support/referenceExamples';

/**
 * Every release-flow JSON example in the platform's documentation validates.
 * The examples are copied, with the page and line each comes from, into
 * test/fixtures/reference-examples.json, so these tests run in every clone.
 * Where the documentation itself sits beside the repository or one of its parent folders
 * (../shared/reference/northflank, as in CI; ../../shared/... from a worktree), the copy is checked against it.
 */
const repoRoot = path.join(__dirname, '../..');
/** shared/reference/northflank beside the repository or beside one of its parent folders (a worktree sits deeper than the main clone). */
function findReference(from: string): string {
  const candidate = path.join(path.dirname(from), 'shared/reference/northflank');
  if (existsSync(candidate) || path.dirname(from) === from) return candidate;
  return findReference(path.dirname(from));
}
const referenceRoot = findReference(repoRoot);
const FIXTURE = path.join(repoRoot, 'test/fixtures/reference-examples.json');

interface ExampleFixture {
  source: string;
  examples: ReferenceExample[];
}

const fixture = (): ExampleFixture => JSON.parse(readFileSync(FIXTURE, 'utf8')) as ExampleFixture;

/**
 * The examples found, by `file:line`, and what each must produce: nothing, or
 * exactly these `line: code message` findings where the documentation example is itself broken.
 */
const ABBREVIATED_API_EXAMPLE = [
    // The API reference abbreviates its example: a trigger without branch or PR rules and with
    // ignore flags left off (both never take effect), a rich input without its required title,
    // and root and teardown Workflows without their required spec.
    '4: trigger-watches-nothing This trigger has neither branchRestrictions nor prRestrictions, so it watches no branch and never starts the flow. Add a rule, e.g. "branchRestrictions": ["main"], or "*" for every branch.',
    '11: ci-ignore-flags-ignored ciIgnoreFlags are ignored: ciIgnoreFlagsEnabled is not true (it is not set), so commits with these flags still start the flow. Set "ciIgnoreFlagsEnabled": true, or remove the list.',
    '30: schema Missing property "title".',
    '42: schema Missing property "spec".',
    '46: schema Missing property "spec".',
  ];

const EXPECTED: Record<string, string[]> = {
  'api/get-release-flow.md:650': ABBREVIATED_API_EXAMPLE,
  'api/get-release-flow.md:733': ABBREVIATED_API_EXAMPLE,
  'api/get-release-flow.md:810': ABBREVIATED_API_EXAMPLE,
  'configure-a-release-flow.md:225': [],
  'configure-a-release-flow.md:304': [],
  'configure-a-release-flow.md:358': [],
  'configure-a-release-flow.md:420': [],
  'release-guide-2026.md:167': [],
  'release-guide-2026.md:238': [],
  'release-guide-2026.md:292': [],
  'release-guide-2026.md:355': [],
};

describe('release-flow examples of the platform documentation', () => {
  it('the fixture holds exactly the listed examples, each with its source', () => {
    const { source, examples } = fixture();
    assert.match(source, /Northflank/);
    assert.deepEqual(examples.map((e) => e.where).sort(), Object.keys(EXPECTED).sort());
  });

  it('validates each one as expected', async () => {
    const failures: string[] = [];
    for (const example of fixture().examples) {
      const text = JSON.stringify(example.flow, null, 2);
      const { model, diagnostics } = await validateFlow(text);
      const errors = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      const found = errors.map((d) => `${model.lines.positionAt(d.span.start).line + 1}: ${d.code} ${d.message}`);
      const expected = EXPECTED[example.where] ?? [];
      if (JSON.stringify(found) !== JSON.stringify(expected)) {
        failures.push(`${example.where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(found, null, 2)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('the fixture is the documentation\'s examples, unchanged (where the documentation is at hand)', function () {
    if (!existsSync(referenceRoot)) {
      console.warn(`    (the reference documentation is not at ${referenceRoot}: the copy in ${path.relative(repoRoot, FIXTURE)} is used as it is)`);
      this.skip();
    }
    assert.deepEqual(fixture().examples, collectExamples(referenceRoot), `the documentation changed: write ${FIXTURE} again from it`);
  });
});
