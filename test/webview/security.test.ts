import * as assert from 'node:assert/strict';
import { hostileFlow, PAYLOADS } from '../graph/fixtures';
import { openPreview, updateOf, useChromium } from './browser';

const pwned = (): boolean => (window as unknown as { __pwned?: unknown }).__pwned !== undefined;

describe('flow graph page: hostile names stay text (Chromium)', function () {
  const browser = useChromium(this);

  for (const embedded of [true, false]) {
    it(`renders HTML and script payloads as inert, visible text (${embedded ? 'VS Code panel' : 'standalone page'})`, async () => {
      const text = hostileFlow();
      const update = updateOf(text, 1, '<img src=x onerror="window.__pwned=1">.json');
      const preview = embedded
        ? await openPreview(browser(), { name: 'hostile-embedded', width: 1400, height: 600 })
        : await openPreview(browser(), { name: 'hostile-standalone', embedded: false, initial: update, width: 1400, height: 600 });
      if (embedded) await preview.send(update);
      // Open everything that shows text: a popover and the data edges' titles.
      await preview.page.click('[data-node-id="node:spec.spec.steps.2"] .rf-title');
      await preview.page.focus('.rf-canvas');
      await preview.page.keyboard.press('Enter');
      await preview.page.keyboard.press('d');
      await preview.page.waitForFunction(() => document.querySelectorAll('.rf-edge-data').length > 0);

      assert.equal(await preview.page.evaluate(pwned), false, 'no payload ran');
      const live = await preview.page.evaluate(() => ({
        scripts: document.querySelectorAll('.rf-canvas script, .rf-popover script, .rf-banner script').length,
        images: document.querySelectorAll('.rf-canvas img, .rf-popover img, .rf-canvas foreignObject, .rf-toolbar img').length,
        handlers: [...document.querySelectorAll('.rf-canvas *, .rf-popover *, .rf-toolbar *')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      }));
      assert.deepEqual(live, { scripts: 0, images: 0, handlers: 0 });

      // The names are there as text, and drawn.
      const titles = await preview.page.$$eval('.rf-title', (els) => els.map((el) => ({ text: el.textContent ?? '', width: (el as SVGGraphicsElement).getBBox().width })));
      for (const payload of [PAYLOADS[0]!, PAYLOADS[1]!]) {
        const title = titles.find((t) => payload.startsWith(t.text.replace(/…$/, '')) && t.text.length > 5);
        assert.ok(title, `"${payload}" is written on its card`);
        assert.ok(title.width > 20, 'and visible');
      }
      await preview.page.hover('[data-node-id="node:spec.spec.steps.0"] .rf-tile');
      const tooltip = await preview.page.textContent('[data-node-id="node:spec.spec.steps.0"] > title');
      assert.ok(tooltip?.startsWith(PAYLOADS[0]!), 'the tooltip has the whole name');
      const popover = (await preview.page.textContent('.rf-popover')) ?? '';
      assert.ok(popover.includes(PAYLOADS[1]!), 'the popover shows the whole name as text');
      assert.ok(popover.includes('Reads plain (id)'), 'and what it reads');
      await preview.screenshot(`webview-hostile-${embedded ? 'embedded' : 'standalone'}`);
      assert.equal(await preview.page.evaluate(pwned), false);
      await preview.posted();
      assert.deepEqual(preview.problems, [], 'no CSP violation, no error');
      await preview.page.close();
    });
  }

  it('ignores messages that are not the host protocol', async () => {
    const preview = await openPreview(browser(), { name: 'junk-messages', width: 800, height: 400 });
    await preview.send(updateOf('{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": []}}}', 1));
    for (const junk of [null, 'update', { type: 'update', text: 42 }, { type: 'runStatus', events: 'x' }, { type: 'cursor' }, { type: 'eval', code: 'window.__pwned = 1' }]) {
      await preview.page.evaluate((m) => window.postMessage(m, '*'), junk);
    }
    await preview.send(updateOf('{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [{"kind": "Build", "ref": "ok", "spec": {}}]}}}', 2));
    assert.equal(await preview.page.locator('.rf-title', { hasText: /^ok$/ }).count(), 1);
    assert.equal(await preview.page.evaluate(pwned), false);
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });
});
