import * as assert from 'node:assert/strict';
import { OverrideSyntaxError, overrideValue, parseOverrideFlags } from '../../core/runs/overrides';

describe('runs: run-time overrides (--override REF.FIELD=V, --release-override ID.FIELD=V)', () => {
  it('builds the run request objects of the platform, nesting dotted fields', () => {
    assert.deepEqual(parseOverrideFlags(['example-ref.branch=devel', 'example-ref.pullRequestId=42'], '--override'), { 'example-ref': { branch: 'devel', pullRequestId: 42 } });
    assert.deepEqual(parseOverrideFlags(['example-service.type=registry', 'example-service.origin.imagePath=nginx:latest'], '--release-override'), {
      'example-service': { type: 'registry', origin: { imagePath: 'nginx:latest' } },
    });
    assert.equal(parseOverrideFlags([], '--override'), undefined);
    assert.equal(parseOverrideFlags(undefined, '--override'), undefined);
  });

  it('reads JSON values as JSON and anything else as the text written', () => {
    assert.equal(overrideValue('true'), true);
    assert.equal(overrideValue('-3'), -3);
    assert.deepEqual(overrideValue('{"a":1}'), { a: 1 });
    assert.equal(overrideValue('"42"'), '42');
    assert.equal(overrideValue('1.2.3'), '1.2.3');
    assert.equal(overrideValue('{oops'), '{oops');
    assert.equal(overrideValue('main'), 'main');
    assert.equal(overrideValue('a=b'), 'a=b');
  });

  it('refuses malformed flags with the expected form, never touching prototypes', () => {
    for (const bad of ['branch=devel', 'ref.=x', '.branch=x', 'ref.branch', 'ref..x=1', 'ref.__proto__.polluted=1', 'a b.c=1']) {
      assert.throws(() => parseOverrideFlags([bad], '--override'), (error: unknown) => error instanceof OverrideSyntaxError && /expected --override NAME\.FIELD=VALUE/.test(error.message), bad);
    }
    assert.throws(() => parseOverrideFlags(['r.origin=x', 'r.origin.imagePath=y'], '--release-override'), /origin was already given a value/);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
