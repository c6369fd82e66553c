import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { FlowDiagnostic } from '../../core/validation/diagnostics';
import { forEachExpression } from '../../core/expressions/ast';
import type { FlowModel, FlowNode } from '../../core/document/model';
import { finishedBefore } from '../../core/document/order';
import { MAX_JSON_DEPTH, parseFlow } from '../../core/document/parse';
import type { Span } from '../../core/text/positions';
import { runCoreValidators, toPositioned, validateFlow, type ValidationResult } from '../../core/validation/validate';
import { generateFlowObject, seededRandom } from '../bench/generate';

const EXAMPLES_DIR = path.join(__dirname, '../../../examples');
const EXAMPLE_NAMES = ['release-development.json', 'release-staging.json', 'release-production.json'];
const examples = EXAMPLE_NAMES.map((name) => fs.readFileSync(path.join(EXAMPLES_DIR, name), 'utf8'));

// ---------------------------------------------------------------------------
// Invariants

function assertSpan(span: Span | undefined, length: number, what: string): void {
  if (span === undefined) return;
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets (${span.start}, ${span.end})`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= length, `${what}: [${span.start}, ${span.end}) outside [0, ${length}]`);
}

/** What every model must satisfy, however broken its text. */
function assertModelInvariants(model: FlowModel, text: string): void {
  const length = text.length;
  assert.equal(model.text, text);
  assert.ok(Array.isArray(model.nodes), 'nodes is an array');
  assert.ok(Array.isArray(model.triggers), 'triggers is an array');
  assert.ok(Array.isArray(model.expressions), 'expressions is an array');
  assert.ok(Array.isArray(model.syntaxIssues), 'syntaxIssues is an array');
  for (const issue of model.syntaxIssues) assertSpan(issue.span, length, `syntax issue ${issue.code}`);
  model.nodes.forEach((node, i) => {
    assert.equal(node.index, i, 'nodes are indexed in order');
    assertSpan(node.span, length, `node ${i} span`);
    assertSpan(node.refSpan, length, `node ${i} refSpan`);
    assertSpan(node.kindSpan, length, `node ${i} kindSpan`);
    assert.ok(node.lastDescendant >= node.index && node.lastDescendant < model.nodes.length, `node ${i} lastDescendant`);
  });
  for (const trigger of model.triggers) {
    assertSpan(trigger.span, length, `trigger ${trigger.index} span`);
    assertSpan(trigger.refSpan, length, `trigger ${trigger.index} refSpan`);
  }
  for (const argument of model.arguments.values()) assertSpan(argument.keySpan, length, `argument ${argument.name} key`);
  for (const output of model.richInputOutputs) assertSpan(output.span, length, `rich input output ${output.argName}`);
  for (const site of model.expressions) {
    assertSpan({ start: site.json.offset, end: site.json.offset + site.json.length }, length, 'expression string');
    for (const error of site.template.errors) assertSpan(error.span, length, `expression error "${error.message}"`);
    for (const interpolation of site.template.interpolations) {
      assertSpan(interpolation.span, length, 'interpolation');
      assertSpan(interpolation.innerSpan, length, 'interpolation body');
      if (interpolation.expression) {
        forEachExpression(interpolation.expression, (expression) => {
          assertSpan(expression.span, length, `${expression.type} expression`);
          if (expression.type === 'path') for (const segment of expression.segments) assertSpan(segment.span, length, `path segment ${segment.name}`);
          if (expression.type === 'call') assertSpan(expression.nameSpan, length, `call name ${expression.name}`);
        });
      }
    }
  }
}

function assertDiagnosticInvariants(model: FlowModel, diagnostics: FlowDiagnostic[]): void {
  for (const d of diagnostics) {
    assertSpan(d.span, model.text.length, `diagnostic ${d.code} ("${d.message.slice(0, 80)}")`);
    assert.ok(d.code.length > 0 && d.message.length > 0, 'diagnostics have a code and a message');
    // runCoreValidators turns a validator's exception into this: it must never happen.
    assert.notEqual(d.code, 'internal-error', d.message);
  }
  toPositioned(model, diagnostics); // line/character conversion must cope with every span
}

function coreValidate(text: string): { model: FlowModel; diagnostics: FlowDiagnostic[] } {
  const model = parseFlow(text);
  return { model, diagnostics: runCoreValidators({ model, repoPath: undefined, pipeline: undefined }) };
}

const codes = (result: { diagnostics: FlowDiagnostic[] }): string[] => result.diagnostics.map((d) => d.code);

// ---------------------------------------------------------------------------
// Random edits

type Edit =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; at: number; length: number; to: number };

const SNIPPETS = [
  '${refs.', '${args.', '${fn.', '${', '}', '"kind": "', '"ref": "', '"Workflow"', '"spec": {', '"steps": [', '"type": "parallel"',
  '{', '}', '[', ']', ',', ':', '"', '\\', '\\u12', '//', '/*', '*/', '\n', '\r', '\t', 'null', 'true', '-', '1e999', "'", '(', ')',
  '${fn.eq(', '${refs.backup.', '.id}', '"timeoutDuration": 5', '"skipNodeExecution": true', '"argumentOverrides": {}', '\u2028', 'é', '\ud83d',
];
const JSONISH = [...'{}[],:"\\/ \n\r\t${}.()\'-0123456789abcdefnrtuxyzAZ_'];

const offsetArb = fc.nat({ max: 1_000_000 });
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: offsetArb, length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: offsetArb,
    text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: fc.constantFrom(...JSONISH), minLength: 1, maxLength: 16 })),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: offsetArb }),
  fc.record({ op: fc.constant('duplicate' as const), at: offsetArb, length: fc.integer({ min: 1, max: 600 }), to: offsetArb }),
);

function applyEdit(text: string, edit: Edit): string {
  const at = edit.at % (text.length + 1);
  switch (edit.op) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate': {
      const slice = text.slice(at, at + edit.length);
      const to = edit.to % (text.length + 1);
      return text.slice(0, to) + slice + text.slice(to);
    }
  }
}

// ---------------------------------------------------------------------------
// Builders for deep and large documents (string concatenation: no recursion anywhere)

/** Deepest bracket nesting, ignoring strings: a reference for the documents built here. */
function maxDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') max = Math.max(max, ++depth);
    else if (ch === '}' || ch === ']') depth--;
  }
  return max;
}

/** Offset of the first bracket that opens nesting level `level` (documents without brackets in strings). */
function offsetOfLevel(text: string, level: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      if (++depth === level) return i;
    } else if (ch === '}' || ch === ']') depth--;
  }
  return -1;
}

/**
 * A chain of nested Workflows w-0 ... w-K. Each holds a Build b-d and then the
 * next workflow; the innermost holds only b-K, which reads `${refs.b-0.id}`.
 */
function workflowChain(deepest: number, typeAt: (depth: number) => 'sequential' | 'parallel' = () => 'sequential'): string {
  const build = (d: number): string =>
    `{"kind":"Build","ref":"b-${d}","spec":{"id":"builder","type":"service","branch":"${d === deepest && d > 0 ? '${refs.b-0.branch}' : 'main'}"}}`;
  const parts: string[] = ['{"apiVersion":"v1.2","spec":'];
  for (let d = 0; d <= deepest; d++) {
    parts.push(`{"kind":"Workflow","ref":"w-${d}","spec":{"type":"${typeAt(d)}","steps":[${build(d)}${d < deepest ? ',' : ''}`);
  }
  parts.push(']}}'.repeat(deepest + 1), '}');
  return parts.join('');
}

/** Flow node JSON levels per nested workflow: the node object, its spec, its steps array. */
const LEVELS_PER_WORKFLOW = 3;

const byRef = (model: FlowModel, ref: string): FlowNode => {
  const node = model.nodesByRef.get(ref)?.[0];
  assert.ok(node, `node ${ref}`);
  return node;
};

function assertTooDeep(result: ValidationResult): void {
  const deep = result.diagnostics.filter((d) => d.code === 'json-too-deep');
  assert.equal(deep.length, 1, `one json-too-deep diagnostic, got ${codes(result).slice(0, 10).join(', ')}`);
  assert.equal(deep[0]?.severity, 'error');
  assert.match(deep[0]?.message ?? '', new RegExp(`more than ${MAX_JSON_DEPTH} levels`));
  assertDiagnosticInvariants(result.model, result.diagnostics);
}

// ---------------------------------------------------------------------------

describe('robustness', () => {
  describe('random edits of the examples', () => {
    it('never make parsing or validation throw, and keep every span inside the text', async function () {
      this.timeout(60_000);
      let run = 0;
      let withSchema = 0;
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: examples.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 6 }), async (which, edits) => {
          const text = edits.reduce(applyEdit, examples[which] as string);
          let core: { model: FlowModel; diagnostics: FlowDiagnostic[] };
          try {
            core = coreValidate(text);
          } catch (error) {
            assert.fail(`parseFlow or runCoreValidators threw on ${JSON.stringify(text.slice(0, 200))}...: ${(error as Error).stack}`);
          }
          assertModelInvariants(core.model, text);
          assertDiagnosticInvariants(core.model, core.diagnostics);
          // Every sixth run (about 50 of 300) also goes through the full pipeline, schema pass included.
          if (run++ % 6 === 0) {
            withSchema++;
            const full = await validateFlow(text);
            assertModelInvariants(full.model, text);
            assertDiagnosticInvariants(full.model, full.diagnostics);
          }
        }),
        { seed: 20_251_126, numRuns: 300, endOnFailure: true },
      );
      assert.ok(withSchema >= 50, `${withSchema} runs with the schema pass`);
    });

    it('leave the unedited examples valid (the property starts from clean documents)', async () => {
      for (const [i, text] of examples.entries()) {
        const result = await validateFlow(text);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], EXAMPLE_NAMES[i]);
      }
    });
  });

  describe('deep nesting', () => {
    const N = 10_000;
    const deepDocuments: Record<string, string> = {
      objects: '{"a":'.repeat(N) + '1' + '}'.repeat(N),
      arrays: '['.repeat(N) + ']'.repeat(N),
      mixed: '[{"a":'.repeat(N / 2) + 'null' + '}]'.repeat(N / 2),
      'unclosed arrays': '['.repeat(N),
      'in a real flow (spec.steps)': (examples[2] as string).replace('"steps": [', `"steps": [${'[{"x":'.repeat(N / 2)}0${'}]'.repeat(N / 2)},`),
      [`a chain of ${N} nested Workflows`]: workflowChain(N - 1),
    };

    for (const [name, text] of Object.entries(deepDocuments)) {
      it(`10,000 levels, ${name}: a json-too-deep diagnostic, no stack overflow`, async () => {
        assert.ok(maxDepth(text) > MAX_JSON_DEPTH);
        const model = parseFlow(text);
        assert.deepEqual(model.syntaxIssues.map((i) => i.code), ['json-too-deep']);
        assert.equal(model.root, undefined);
        assertModelInvariants(model, text);
        assertTooDeep(await validateFlow(text));
      });
    }

    it('accepts exactly MAX_JSON_DEPTH levels and refuses one more', async () => {
      for (const [open, close] of [['[', ']'], ['{"a":', '}'], ['[{"a":', '}]']] as const) {
        const levels = open === '[{"a":' ? MAX_JSON_DEPTH / 2 : MAX_JSON_DEPTH; // '[{' opens two levels at a time
        const legal = open.repeat(levels) + (open === '[' ? '' : '0') + close.repeat(levels);
        assert.equal(maxDepth(legal), MAX_JSON_DEPTH);
        const ok = await validateFlow(legal);
        assert.ok(!codes(ok).includes('json-too-deep'), `${open} x ${levels}`);
        assertDiagnosticInvariants(ok.model, ok.diagnostics);
        assert.ok(ok.model.root !== undefined, 'the legal document is parsed');

        const tooDeep = `[${legal}]`;
        const refused = await validateFlow(tooDeep);
        assertTooDeep(refused);
        assert.equal(refused.diagnostics.find((d) => d.code === 'json-too-deep')?.span.start, offsetOfLevel(tooDeep, MAX_JSON_DEPTH + 1));
      }
    });

    it('nests Workflows as deep as MAX_JSON_DEPTH allows: parse, validate and order all work', async () => {
      // w-d opens at level 2 + 3d and its Build's spec at 6 + 3d, so the deepest legal chain ends where level 6 + 3d reaches MAX_JSON_DEPTH.
      const deepest = Math.floor((MAX_JSON_DEPTH - 6) / LEVELS_PER_WORKFLOW);
      const parallelEvery = 7; // every seventh workflow runs in parallel: its Build is not guaranteed to have finished
      const typeAt = (d: number): 'sequential' | 'parallel' => (d % parallelEvery === 3 ? 'parallel' : 'sequential');
      const text = workflowChain(deepest, typeAt);
      assert.ok(maxDepth(text) <= MAX_JSON_DEPTH);
      assert.ok(maxDepth(workflowChain(deepest + 1, typeAt)) > MAX_JSON_DEPTH);

      const result = await validateFlow(text);
      assertDiagnosticInvariants(result.model, result.diagnostics);
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), []);
      const { model } = result;
      assert.equal(model.nodes.length, 2 * (deepest + 1));
      const leaf = byRef(model, `b-${deepest}`);
      assert.equal(leaf.depth, deepest + 1);
      const expected: string[] = [];
      for (let d = 0; d < deepest; d++) if (typeAt(d) === 'sequential') expected.push(`b-${d}`);
      assert.deepEqual(finishedBefore(model, leaf).map((n) => n.ref), expected);
      assert.deepEqual(finishedBefore(model, byRef(model, 'w-5')).map((n) => n.ref), ['b-0', 'b-1', 'b-2', 'b-4']);

      // One more level is refused as a whole, not half-analysed.
      assertTooDeep(await validateFlow(workflowChain(deepest + 1, typeAt)));
      // 1,000 nested Workflows (3,000+ JSON levels) are far past the limit.
      assertTooDeep(await validateFlow(workflowChain(999)));
    });

    // Documents on which the depth pre-check (findExcessiveNesting) and the JSON parsers
    // disagreed about where strings, comments and brackets end: the pre-check let them
    // through and parseTree recursed 100,000 levels deep (RangeError) until the pre-check
    // learnt to end strings and line comments at \r and to ignore closers that match nothing.
    const evasive: Record<string, string> = {
      'stray closers before the openers': '[' + '}'.repeat(100_000) + ',' + '['.repeat(100_000),
      'mismatched closers, repeated': ('['.repeat(900) + '}'.repeat(900) + ',').repeat(120),
      'a carriage return ending a string': '["x\r' + '['.repeat(100_000),
      'a carriage return ending a line comment': '[//x\r' + '['.repeat(100_000),
    };
    for (const [name, text] of Object.entries(evasive)) {
      it(`bad input that hides its depth (${name}): json-too-deep, no stack overflow`, async () => {
        const model = parseFlow(text);
        assert.deepEqual(model.syntaxIssues.map((i) => i.code), ['json-too-deep']);
        assertTooDeep(await validateFlow(text));
      });
    }

    it('does not count brackets inside strings or comments', async () => {
      const text = JSON.stringify({ apiVersion: 'v1.2', description: '['.repeat(N), other: '{'.repeat(N) });
      const withComment = text.replace('{', `{/* ${'['.repeat(N)} */\n// ${'{'.repeat(N)}\n`);
      for (const t of [text, withComment]) {
        const result = await validateFlow(t);
        assert.ok(!codes(result).includes('json-too-deep'));
        assertDiagnosticInvariants(result.model, result.diagnostics);
      }
    });
  });

  describe('large documents', () => {
    it('a ~20 MB flow with tens of thousands of nodes and long strings: validated, schema pass skipped', async function () {
      this.timeout(300_000);
      const nodes = 36_000;
      const flow = generateFlowObject(nodes, 7);
      const random = seededRandom(7);
      const words = ['release', 'deploy', 'the', 'api', 'rollback', 'plan', 'for', 'migration', 'database', 'notes', 'ticket', 'SHOP-1234'];
      const prose = (length: number): string => {
        const parts: string[] = [];
        for (let size = 0; size < length; ) {
          const word = words[Math.floor(random() * words.length)] as string;
          parts.push(word);
          size += word.length + 1;
        }
        return parts.join(' ');
      };
      (flow['arguments'] as Record<string, unknown>)['CHANGELOG'] = prose(1_000_000);
      let text = JSON.stringify(flow, null, 2);
      // Long strings on many nodes: runtime variables on every JobRun.
      text = text.replace(
        /"runtimeEnvironment": \{/g,
        () => `"runtimeEnvironment": {\n            "NOTES": ${JSON.stringify(prose(300))},\n            "CHANGELOG": "\${args.CHANGELOG}",`,
      );
      assert.ok(text.length > 18 * 1024 * 1024 && text.length < 24 * 1024 * 1024, `${(text.length / 1048576).toFixed(1)} MB`);

      const result = await validateFlow(text);
      assert.equal(result.model.nodes.length, nodes);
      assert.deepEqual(
        result.diagnostics.map((d) => `${d.code}/${d.severity}`),
        ['file-too-large/info'],
        result.diagnostics.slice(0, 5).map((d) => d.message).join('\n'),
      );
      assertDiagnosticInvariants(result.model, result.diagnostics);
    });

    it('20 MB of garbage: a result with real diagnostics', async function () {
      this.timeout(300_000);
      const random = seededRandom(11);
      const alphabet = '{}[],:"\\ \n\tabcdefxyz0123456789.-$';
      const size = 20 * 1024 * 1024;
      const chars = new Array<string>(size);
      for (let i = 0; i < size; i++) chars[i] = alphabet[Math.floor(random() * alphabet.length)] as string;
      const text = '{"spec":' + chars.join('');

      const result = await validateFlow(text);
      assert.ok(result.diagnostics.length > 0);
      assert.ok(result.diagnostics.some((d) => d.severity === 'error' && d.code.startsWith('json-')), codes(result).slice(0, 10).join(', '));
      assertDiagnosticInvariants(result.model, result.diagnostics);

      // Garbage without brackets is not refused as too deep, so it reaches the size limit instead.
      const flat = text.replace(/[{}[\]]/g, ' ');
      const flatResult = await validateFlow(flat);
      assert.ok(codes(flatResult).includes('file-too-large'));
      assert.ok(flatResult.diagnostics.some((d) => d.code === 'json-syntax'));
      assertDiagnosticInvariants(flatResult.model, flatResult.diagnostics);
    });

    it('a 5,000-node wide flow: parse, validate and order', async function () {
      this.timeout(60_000);
      const count = 5_000;
      /** Builds b-from ... b-(to - 1); each but the first reads the branch of the one before it. */
      const builds = (from: number, to: number): unknown[] =>
        Array.from({ length: to - from }, (_, k) => {
          const i = from + k;
          const branch = i === from ? 'main' : `\${refs.b-${i - 1}.branch}`;
          return { kind: 'Build', ref: `b-${i}`, spec: { id: 'builder', type: 'service', branch } };
        });
      // A sequential root with 4,999 steps, each reading the step before it.
      const sequential = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', ref: 'root', spec: { type: 'sequential', steps: builds(0, count - 1) } } }, null, 2);
      const result = await validateFlow(sequential);
      assert.equal(result.model.nodes.length, count);
      assert.deepEqual(codes(result), []);
      const model = result.model;
      const before = finishedBefore(model, byRef(model, 'b-2500')).map((n) => n.ref);
      assert.equal(before.length, 2500);
      assert.deepEqual([before[0], before[1249], before[2499]], ['b-0', 'b-1249', 'b-2499']);
      assert.deepEqual(finishedBefore(model, byRef(model, 'b-0')), []);

      // First step, then a parallel workflow of 4,996 Builds, then a last step.
      const parallel = JSON.stringify(
        {
          apiVersion: 'v1.2',
          spec: {
            kind: 'Workflow',
            ref: 'root',
            spec: {
              type: 'sequential',
              steps: [
                { kind: 'Build', ref: 'first', spec: { id: 'builder', type: 'service', branch: 'main' } },
                { kind: 'Workflow', ref: 'fan-out', spec: { type: 'parallel', steps: builds(1, count - 3) } },
                { kind: 'Build', ref: 'last', spec: { id: 'builder', type: 'service', branch: '${refs.b-4000.branch}' } },
              ],
            },
          },
        },
        null,
        2,
      );
      const fanOut = await validateFlow(parallel);
      const m = fanOut.model;
      assert.equal(m.nodes.length, count);
      // Each parallel Build but the first reads a sibling: never guaranteed to have finished.
      assert.deepEqual(new Set(codes(fanOut)), new Set(['ref-not-available']));
      assert.equal(fanOut.diagnostics.length, count - 5);
      assert.deepEqual(finishedBefore(m, byRef(m, 'b-3000')).map((n) => n.ref), ['first']);
      const beforeLast = finishedBefore(m, byRef(m, 'last'));
      assert.equal(beforeLast.length, count - 2);
      assert.deepEqual([beforeLast[0]?.ref, beforeLast[1]?.ref, beforeLast[beforeLast.length - 1]?.ref], ['first', 'fan-out', `b-${count - 4}`]);
      assertDiagnosticInvariants(m, fanOut.diagnostics);
    });
  });
});
