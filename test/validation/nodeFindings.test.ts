import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { updateFlow } from '../../core/document/incremental';
import type { FlowModel } from '../../core/document/model';
import { parseFlow } from '../../core/document/parse';
import { NodeFindingsCache } from '../../core/validation/nodeFindings';
import { secretsValidator } from '../../core/validation/secrets';
import { validateFlow, validateModel } from '../../core/validation/validate';
import { flowWithLocalFindings } from './helpers';

/** Where random edits go: kinds, refs, the values node-local rules read, keys, expressions, the tree keys. */
const ANCHORS = ['"kind": "', '"ref": "', '"timeoutDuration": ', '"skipNodeExecution": "', 'ghp_', '${fn.', '${ref', '"pullRequestId"', '"branch', '"steps": [', '"teardownSpec', '": "', '{ "kind'];

describe('node-local findings kept per node', () => {
  it('equal a fresh whole-document validation after random edits, validated or skipped', async function () {
    this.timeout(120_000);
    const base = flowWithLocalFindings();
    const codes = new Set((await validateFlow(base, { schema: false })).diagnostics.map((d) => d.code));
    for (const code of ['build-branch-and-pull-request', 'timeout-range', 'skip-node-execution', 'secret-in-file', 'unknown-function', 'unknown-namespace', 'template-expression', 'teardown-kind', 'argument-overrides-committed']) {
      assert.ok(codes.has(code), `the base flow has a ${code} finding`);
    }
    const edit = fc.record({
      at: fc.nat(),
      anchor: fc.constantFrom(...ANCHORS),
      insert: fc.constantFrom('x', '', '-', '}', '${', ' ', '\n', '9', '"a": 1, '),
      remove: fc.nat({ max: 3 }),
      validate: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        const cache = new NodeFindingsCache();
        let text = base;
        let model: FlowModel = parseFlow(text);
        await validateModel(model, { schema: false, nodeFindingsCache: cache });
        for (const e of edits) {
          const found = text.indexOf(e.anchor, e.at % text.length);
          const start = (found < 0 ? text.indexOf(e.anchor) : found) + e.anchor.length;
          text = text.slice(0, start) + e.insert + text.slice(start + e.remove);
          model = updateFlow(model, text).model;
          if (!e.validate) continue;
          const fresh = await validateFlow(text, { schema: false });
          assert.deepEqual((await validateModel(model, { schema: false, nodeFindingsCache: cache })).diagnostics, fresh.diagnostics);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('check again only the edited node and the workflows around it', async () => {
    const cache = new NodeFindingsCache();
    let text = flowWithLocalFindings();
    let model = parseFlow(text);
    await validateModel(model, { schema: false, nodeFindingsCache: cache });
    assert.equal(cache.lastRun.checked, model.nodes.length);
    assert.equal(cache.lastRun.reused, 0);
    await validateModel(model, { schema: false, nodeFindingsCache: cache });
    assert.deepEqual(cache.lastRun, { checked: 0, reused: 2 }, 'nothing changed: the two trees whole');
    // A keystroke in the last Release's target id: it and its enclosing workflows are checked, nothing else.
    const at = text.lastIndexOf('"id": "shop-') + '"id": "shop-'.length;
    text = `${text.slice(0, at)}x${text.slice(at)}`;
    model = updateFlow(model, text).model;
    const edited = model.nodes.find((node) => node.span.start < at && at < node.span.end && node.children.length === 0);
    assert.ok(edited && edited.kind === 'Release');
    const { diagnostics } = await validateModel(model, { schema: false, nodeFindingsCache: cache });
    assert.equal(cache.lastRun.checked, edited.depth + 1);
    assert.deepEqual(diagnostics, (await validateFlow(text, { schema: false })).diagnostics);
  });

  it('report a rule that fails exactly as the whole-document validation does', async () => {
    const text = flowWithLocalFindings();
    const original = secretsValidator.validateRegion;
    secretsValidator.validateRegion = (region) => {
      if (region.nodes.length > 0) throw new Error('broken rule');
      return original(region);
    };
    try {
      const cache = new NodeFindingsCache();
      const cached = await validateModel(parseFlow(text), { schema: false, nodeFindingsCache: cache });
      const whole = await validateFlow(text, { schema: false });
      assert.ok(whole.diagnostics.some((d) => d.code === 'internal-error' && d.message.includes('secrets')));
      assert.deepEqual(cached.diagnostics, whole.diagnostics);
    } finally {
      secretsValidator.validateRegion = original;
    }
  });
});
