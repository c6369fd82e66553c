import * as assert from 'node:assert/strict';
import { closestName, createSuggester } from '../../core/text/suggest';
import { cutLongNames } from '../../core/text/longNames';
import { validateFlow } from '../../core/validation/validate';
import { flow, message, runVirtual } from '../runner/helpers';

describe('long names: bounded work and short messages', () => {
  it('did-you-mean gives no suggestion for names past the length cut-off, and never suggests such a name', () => {
    const long = 'a'.repeat(200);
    assert.equal(closestName(`${long}x`, [`${long}y`]), undefined);
    assert.equal(closestName('buld', [`${long}`, 'build']), 'build');
    assert.equal(createSuggester([`${long}y`])(`${long}x`), undefined);
  });

  it('an unknown ref of 1 MB next to a 1 MB ref is validated without a quadratic did-you-mean', async () => {
    const long = 'r'.repeat(1024 * 1024);
    const text = JSON.stringify({
      apiVersion: 'v1.2',
      spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [
        { kind: 'Message', ref: `${long}a`, spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://h.example.com', message: 'x' } } },
        { kind: 'Message', ref: 'b', spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://h.example.com', message: `\${refs.${long}b.x}` } } },
      ] } },
    });
    const { diagnostics } = await validateFlow(text, { schema: false });
    const unknown = diagnostics.find((d) => d.code === 'unknown-ref');
    assert.ok(unknown, 'the unknown ref is reported');
    assert.equal(unknown.data?.suggestion, undefined);
  });

  it('cuts long names in messages, saying how long they were', async () => {
    assert.equal(cutLongNames(`Unknown function '${'f'.repeat(5000)}'.`), `Unknown function '${'f'.repeat(60)}… (5,000 characters)'.`);
    assert.equal(cutLongNames('short message'), 'short message');
    // 5,000 characters: the schema pass runs and names the key; 1 MB: past the longest string it checks (string-too-long).
    for (const length of [5000, 1024 * 1024]) {
      const long = 'k'.repeat(length);
      const text = `{"apiVersion": "v1.2", "${long}": 1, "spec": {"kind": "${long}", "ref": "${long}", "spec": {}}}`;
      const { diagnostics } = await validateFlow(text);
      assert.ok(length > 5000 || diagnostics.some((d) => d.code === 'schema' && d.message.includes('(5,000 characters)')), JSON.stringify(diagnostics.map((d) => d.message.slice(0, 120))));
      assert.ok(diagnostics.length >= (length > 5000 ? 1 : 2), JSON.stringify(diagnostics.map((d) => d.code)));
      for (const d of diagnostics) assert.ok(d.message.length < 400, `${d.code}: ${d.message.length} characters`);
    }
  });

  it('cuts long names in the problems of a dry run', async () => {
    const long = 'q'.repeat(100_000);
    const text = flow([message('a', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://h.example.com', message: `\${refs.${long}.x}` } } })]);
    const run = await runVirtual(text);
    const dry = run.events[0];
    assert.ok(dry?.type === 'dry-run' && !dry.ok);
    for (const problem of dry.problems) assert.ok(problem.message.length < 400, `${problem.code}: ${problem.message.length}`);
  });
});
