import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_ONLY_KINDS } from '../core/catalogue/kinds';
import { validateFlow } from '../core/validation/validate';

/**
 * Every release-flow JSON example in the platform's documentation validates.
 * The documentation lives beside the repository (../shared/reference/northflank),
 * as in CI; a clone without it skips these tests and says so.
 */
const referenceRoot = path.join(__dirname, '../../../shared/reference/northflank');

/** Response fields that describe a stored flow on the platform, not a file in Git. */
const PLATFORM_STATE_FIELDS = ['concurrencyPolicy', 'stage', 'status', 'paused', 'createdAt', 'updatedAt'];

interface Example {
  where: string;
  flow: Record<string, unknown>;
}

/**
 * The examples found, by `file:line`, and what each must produce: nothing, or
 * exactly these `line: code message` findings where the documentation example is itself broken.
 */
const ABBREVIATED_API_EXAMPLE = [
    // The API reference abbreviates its example: a rich input without its required title,
    // and root and teardown Workflows without their required spec.
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

function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? markdownFiles(full) : name.endsWith('.md') ? [full] : [];
  });
}

/** JSON documents in a page, fenced or indented: from a line that opens `{` to the line that balances it. */
function jsonDocuments(text: string): { line: number; value: unknown }[] {
  const lines = text.split('\n');
  const found: { line: number; value: unknown }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\{\s*$/.test(lines[i]!)) continue;
    let depth = 0;
    for (let j = i; j < lines.length && j < i + 2000; j++) {
      for (const ch of lines[j]!.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
        if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') depth--;
      }
      if (depth === 0) {
        try {
          found.push({ line: i + 1, value: JSON.parse(lines.slice(i, j + 1).join('\n')) });
          i = j;
        } catch {
          // not a JSON document after all (prose with braces)
        }
        break;
      }
    }
  }
  return found;
}

function kindsIn(value: unknown, into = new Set<string>()): Set<string> {
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) stack.push(...current);
    else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      if (typeof record.kind === 'string') into.add(record.kind);
      stack.push(...Object.values(record));
    }
  }
  return into;
}

/** A release flow: apiVersion and a Workflow root, and no node that only templates have. */
function asReleaseFlow(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const candidate = 'data' in record && !('apiVersion' in record) ? (record.data as Record<string, unknown>) : record;
  const spec = candidate?.spec as Record<string, unknown> | undefined;
  if (candidate?.apiVersion === undefined || spec?.kind !== 'Workflow') return undefined;
  // Run records (abort / run details) embed the flow with run state; they are not files.
  if ('startedAt' in candidate || 'concluded' in candidate) return undefined;
  if ([...kindsIn(spec)].some((kind) => TEMPLATE_ONLY_KINDS.has(kind))) return undefined;
  const flow = { ...candidate };
  for (const field of PLATFORM_STATE_FIELDS) delete flow[field];
  return flow;
}

function collectExamples(): Example[] {
  const examples: Example[] = [];
  for (const file of markdownFiles(referenceRoot).sort()) {
    const relative = path.relative(referenceRoot, file).split(path.sep).join('/');
    for (const { line, value } of jsonDocuments(readFileSync(file, 'utf8'))) {
      const flow = asReleaseFlow(value);
      if (flow) examples.push({ where: `${relative}:${line}`, flow });
    }
  }
  return examples;
}

describe('release-flow examples of the platform documentation', function () {
  before(function () {
    if (!existsSync(referenceRoot)) {
      console.warn(`    (skipped: the reference documentation is not at ${referenceRoot})`);
      this.skip();
    }
  });

  it('finds exactly the listed examples', () => {
    assert.deepEqual(collectExamples().map((e) => e.where).sort(), Object.keys(EXPECTED).sort());
  });

  it('validates each one as expected', async () => {
    const failures: string[] = [];
    for (const example of collectExamples()) {
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
});
