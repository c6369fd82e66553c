import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { Node as JsonNode } from 'jsonc-parser';
import { diffText, updateFlow, type UpdateKind } from '../../core/document/incremental';
import { jsonIndex } from '../../core/document/jsonIndex';
import type { FlowModel } from '../../core/document/model';
import { addExpressions, parseFlow } from '../../core/document/parse';
import { LineIndex } from '../../core/text/positions';

const repoRoot = path.join(__dirname, '../../..');
const example = readFileSync(path.join(repoRoot, 'examples/release-production.json'), 'utf8');
/** Triggers, rich inputs, argument overrides and a teardown tree ahead of the spec: parts the example lacks. */
const wide = JSON.stringify(
  {
    apiVersion: 'v1.2',
    arguments: { A: '1', B: '${args.A}', timeoutDuration: 5 },
    argumentOverrides: { A: '2' },
    triggers: [{ ref: 'push', vcsService: 'github', repoUrl: 'https://github.com/o/r', branchRestrictions: ['main'] }],
    richInputs: [{ kind: 'BranchCommitSelector', spec: { outputs: { branch: 'BRANCH', sha: 'SHA' } } }],
    teardownSpec: { spec: { kind: 'Workflow', spec: { type: 'parallel', steps: [{ kind: 'JobRun', ref: 'down', spec: { jobId: '${refs.push.sha}' } }] } } },
    spec: {
      kind: 'Workflow',
      ref: 'root',
      spec: {
        type: 'sequential',
        steps: [
          { kind: 'Build', ref: 'b', spec: { id: 'svc', type: 'service', branch: '${args.BRANCH}' } },
          { kind: 'Workflow', spec: { type: 'parallel', steps: [{ kind: 'JobRun', ref: 'j', spec: { jobId: '${refs.b.id}' } }, { kind: 'Approval', spec: { amount: 1 } }] } },
          { kind: 'Release', ref: 'r', timeoutDuration: 600, spec: { type: 'build', origin: { id: 'svc', build: '${refs.b.id}' }, target: { id: 'api', type: 'service' } } },
        ],
      },
    },
  },
  null,
  1,
);

/** Everything a model exposes, as plain data, so two models compare with deepEqual. */
function snapshot(model: FlowModel): unknown {
  const tree = (node: JsonNode | undefined): unknown =>
    node && { type: node.type, offset: node.offset, length: node.length, value: node.value, colonOffset: node.colonOffset, children: node.children?.map(tree) };
  const lines: unknown[] = [];
  for (let offset = 0; offset <= model.text.length; offset += Math.max(1, Math.floor(model.text.length / 200))) lines.push(model.lines.positionAt(offset));
  return {
    text: model.text,
    root: tree(model.root),
    syntaxIssues: model.syntaxIssues,
    lineCount: model.lines.lineCount,
    lines,
    nodes: model.nodes.map((n) => ({
      ...n,
      json: n.json.offset,
      parent: n.parent?.index,
      children: n.children.map((c) => c.index),
    })),
    nodesByRef: [...model.nodesByRef].map(([ref, nodes]) => [ref, nodes.map((n) => n.index)]),
    triggers: model.triggers.map((t) => ({ ...t, json: t.json.offset })),
    arguments: [...model.arguments.values()].map((a) => ({ ...a, valueNode: a.valueNode?.offset })),
    argumentsNode: model.argumentsNode?.offset,
    argumentOverridesNode: model.argumentOverridesNode?.offset,
    richInputOutputs: model.richInputOutputs,
    expressions: model.expressions.map((s) => ({ json: s.json.offset, value: s.value, owner: s.owner?.index, template: s.template })),
    index: { strings: jsonIndex(model).strings.map((j) => [j.offset, j.value]), timeouts: jsonIndex(model).timeouts.map((j) => j.offset) },
  };
}

/** Applies the change to a fresh copy of `before`'s model and checks the result equals a full parse. */
function checkEdit(before: string, start: number, end: number, inserted: string): UpdateKind {
  const after = before.slice(0, start) + inserted + before.slice(end);
  const previous = parseFlow(before);
  const { model, kind } = updateFlow(previous, after);
  assert.deepEqual(snapshot(model), snapshot(parseFlow(after)));
  return kind;
}

describe('incremental parsing', () => {
  it("derives from a model whose expressions were read after its nodes (the preview's first parse) as from a full parse", () => {
    for (const text of [example, example.replace('"spec": {', '"spec": { // comment\n')]) {
      const first = parseFlow(text, { expressions: false });
      assert.equal(first.expressions.length, 0, 'no expressions yet');
      assert.ok(first.nodes.length > 0, 'the nodes are there');
      addExpressions(first);
      assert.deepEqual(snapshot(first), snapshot(parseFlow(text)));
      addExpressions(first);
      assert.deepEqual(snapshot(first), snapshot(parseFlow(text)), 'a second call adds nothing');
    }
    const previous = parseFlow(example, { expressions: false });
    addExpressions(previous);
    const at = example.indexOf('${refs.backup.id}') + 2;
    const after = `${example.slice(0, at)}fn.toUpper(${example.slice(at)}`;
    assert.deepEqual(snapshot(updateFlow(previous, after).model), snapshot(parseFlow(after)));
  });

  it('finds the single change between two texts', () => {
    assert.equal(diffText('abc', 'abc'), undefined);
    assert.deepEqual(diffText('hello world', 'hello brave world'), { start: 6, end: 6, text: 'brave ' });
    assert.deepEqual(diffText('x'.repeat(3000) + 'abc' + 'y'.repeat(2000), 'x'.repeat(3000) + 'aXc' + 'y'.repeat(2000)), { start: 3001, end: 3002, text: 'X' });
    assert.deepEqual(diffText('abc', ''), { start: 0, end: 3, text: '' });
  });

  it('reparses only the string being typed in, and shifts everything after it', () => {
    const at = example.indexOf('${refs.backup.id}') + 2;
    assert.equal(checkEdit(example, at, at, 'fn.toUpper('), 'string+node');
    const note = example.indexOf('scheduled release');
    assert.equal(checkEdit(example, note, note + 9, 'weekly'), 'string+top-level');
  });

  it('reparses the enclosing object when a property is added or a number changes', () => {
    const timeout = example.indexOf('600');
    assert.equal(checkEdit(example, timeout, timeout + 3, '1200'), 'subtree+node');
    const ref = example.indexOf('"ref": "migrate"');
    assert.equal(checkEdit(example, ref, ref, '"skipNodeExecution": "false", '), 'subtree+node');
    const steps = example.indexOf('"steps": [') + '"steps": ['.length;
    assert.equal(checkEdit(example, steps, steps, '{"kind": "Approval", "ref": "ok", "spec": {"amount": 1}},'), 'subtree+node');
    const spec = example.indexOf('"spec": {');
    assert.equal(checkEdit(example, spec + 1, spec + 5, 'teardownSpec'), 'string+model');
  });

  it('keeps refs, kinds and workflow types up to date when they are edited', () => {
    const ref = example.indexOf('"backup"') + 1;
    checkEdit(example, ref, ref + 6, 'snapshot');
    const kind = example.indexOf('"JobRun"') + 1;
    checkEdit(example, kind, kind + 6, 'Workflow');
    const type = example.indexOf('"sequential"') + 1;
    checkEdit(example, type, type + 10, 'parallel');
  });

  it('falls back to a full parse when the change breaks the JSON or crosses values', () => {
    const at = example.indexOf('"kind": "AddonBackup"');
    assert.equal(checkEdit(example, at, at + 1, ''), 'full');
    assert.equal(checkEdit(example, 0, 1, '['), 'full');
    const broken = parseFlow('{"spec": {"kind": }');
    assert.equal(updateFlow(broken, '{"spec": {"kind": "Workflow"}').kind, 'full');
  });

  it('updates the line index for changes that add, remove or split line breaks', () => {
    const texts = ['a\r\nb\nc\rd', '\n\n', 'x\r', '\ny'];
    for (const text of texts) {
      for (let start = 0; start <= text.length; start++) {
        for (let end = start; end <= text.length; end++) {
          for (const inserted of ['', '\n', '\r', '\r\n', 'z', '\nq\r']) {
            const after = text.slice(0, start) + inserted + text.slice(end);
            const incremental = LineIndex.afterChange(new LineIndex(text), after, start, end, inserted.length);
            const full = new LineIndex(after);
            assert.equal(incremental.lineCount, full.lineCount, JSON.stringify({ text, start, end, inserted }));
            for (let offset = 0; offset <= after.length; offset++) assert.deepEqual(incremental.positionAt(offset), full.positionAt(offset));
          }
        }
      }
    }
  });

  it('updates the line index in place, also for a paste of thousands of lines', () => {
    const text = 'a\nb\r\nc\n'.repeat(3000);
    for (const [start, end, inserted] of [[5, 5, 'x'], [7, 20, ''], [9000, 9000, 'p\n'.repeat(50_000)], [4, 30_000, '\r\n']] as [number, number, string][]) {
      const after = text.slice(0, start) + inserted + text.slice(end);
      const previous = new LineIndex(text);
      const incremental = LineIndex.afterChange(previous, after, start, end, inserted.length);
      const full = new LineIndex(after);
      assert.equal(incremental.lineCount, full.lineCount);
      for (let offset = 0; offset <= after.length; offset += 97) assert.deepEqual(incremental.positionAt(offset), full.positionAt(offset));
    }
  });

  it('equals a full parse after any sequence of random edits', () => {
    const pieces = ['"', '{', '}', '[', ']', ',', ':', ' ', '\n', 'a', '1', '${', 'refs.', '}', '\\', 'x'];
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 6 }),
      insert: fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((parts) => parts.join('')),
      mode: fc.constantFrom('anything', 'in-string', 'new-property', 'new-step'),
    });
    const kinds = new Map<UpdateKind, number>();
    fc.assert(
      fc.property(fc.constantFrom(example, wide), fc.array(edit, { minLength: 1, maxLength: 8 }), (base, edits) => {
        let text = base;
        let model = parseFlow(text);
        for (const e of edits) {
          // Most edits keep the JSON valid, as typing mostly does: letters in a string, a new property, a new step.
          let start = e.at % (text.length + 1);
          let removed = Math.min(e.remove, text.length - start);
          let inserted = e.insert;
          const anchor = { 'in-string': '": "', 'new-property': '{', 'new-step': '"steps": [' }[e.mode as string];
          const found = anchor === undefined ? -1 : text.indexOf(anchor, start);
          if (anchor !== undefined && found >= 0) {
            start = found + anchor.length;
            removed = 0;
            inserted =
              e.mode === 'in-string' ? inserted.replace(/["\\\n]/g, 'q')
              : e.mode === 'new-property' ? `"p${e.at % 7}": ${e.remove % 2 === 0 ? '"${args.A}"' : e.remove},`
              : `{"kind": "Build", "ref": "n${e.at % 5}", "spec": {"id": "\${refs.n${e.remove}.id}"}},`;
          }
          text = text.slice(0, start) + inserted + text.slice(start + removed);
          const result = updateFlow(model, text);
          kinds.set(result.kind, (kinds.get(result.kind) ?? 0) + 1);
          model = result.model;
          assert.deepEqual(snapshot(model), snapshot(parseFlow(text)));
        }
      }),
      { numRuns: 300 },
    );
    // The property is only worth something if the shortcuts were taken, not just the fallback.
    const count = (prefix: string): number => [...kinds].filter(([kind]) => kind.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
    assert.ok(count('string') > 50 && count('subtree') > 50 && (kinds.get('string+top-level') ?? 0) > 0, JSON.stringify([...kinds]));
  });
});
