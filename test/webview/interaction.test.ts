import * as assert from 'node:assert/strict';
import type { ExportMessage, RevealMessage } from '../../core/graph/messages';
import { parseFlow } from '../../core/document/parse';
import { exampleText, openPreview, updateOf, useChromium } from './browser';

describe('flow graph page: clicks, keys, folds, data edges and export (Chromium)', function () {
  const browser = useChromium(this);

  it('posts a reveal message with the node range when a card is clicked', async () => {
    const text = exampleText('production');
    const model = parseFlow(text);
    const migrate = model.nodesByRef.get('migrate')![0]!;
    const preview = await openPreview(browser(), { name: 'click', width: 720, height: 1000 });
    await preview.send(updateOf(text, 1));
    await preview.page.click('[data-node-id="node:spec.spec.steps.3"] .rf-title');
    const reveals = (await preview.posted()).filter((m): m is RevealMessage => m.type === 'reveal');
    assert.equal(reveals.length, 1);
    assert.equal(reveals[0]!.nodeId, 'node:spec.spec.steps.3');
    assert.deepEqual(reveals[0]!.range, model.lines.rangeOf(migrate.span));
    assert.deepEqual(reveals[0]!.selectionRange, model.lines.rangeOf(migrate.refSpan!));
    assert.match((await preview.page.getAttribute('[data-node-id="node:spec.spec.steps.3"]', 'class')) ?? '', /rf-selected/);
    assert.equal(await preview.page.isVisible('.rf-popover'), false, 'in VS Code a plain click only reveals');
    assert.deepEqual((await preview.posted())[0], { type: 'ready' }, 'the page said it was ready first');
    await preview.page.close();
  });

  it('moves between nodes with the arrow keys, reveals with Enter and folds with Space', async () => {
    const preview = await openPreview(browser(), { name: 'keys', width: 1280, height: 640 });
    await preview.send(updateOf(exampleText('development'), 1));
    await preview.page.focus('.rf-canvas');
    const selected = (): Promise<string | null> => preview.page.getAttribute('.rf-selected', 'data-node-id');
    await preview.page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'trigger:0', 'the first key press selects the first entry');
    await preview.page.keyboard.press('ArrowDown');
    assert.equal(await selected(), 'entry:webhook');
    await preview.page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'node:spec.spec.steps.0');
    await preview.page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'node:spec.spec.steps.1.spec.steps.0');
    await preview.page.keyboard.press('ArrowUp');
    assert.equal(await selected(), 'node:spec.spec.steps.1', 'up reaches the parallel workflow');
    await preview.page.keyboard.press('Enter');
    const reveal = (await preview.posted()).find((m) => m.type === 'reveal');
    assert.equal((reveal as RevealMessage | undefined)?.nodeId, 'node:spec.spec.steps.1');
    await preview.page.keyboard.press(' ');
    await preview.page.waitForSelector('[data-node-id="node:spec.spec.steps.1"].rf-collapsed');
    assert.equal(await preview.page.locator('[data-node-id^="node:spec.spec.steps.1.spec"]').count(), 0, 'its branches are hidden');
    assert.match((await preview.page.textContent('[data-node-id="node:spec.spec.steps.1"] .rf-summary')) ?? '', /^2 hidden · Parallel/);
    await preview.screenshot('webview-folded');
    await preview.page.keyboard.press(' ');
    await preview.page.waitForSelector('[data-node-id="node:spec.spec.steps.1.spec.steps.0"]');
    await preview.page.close();
  });

  it('folds and unfolds workflows from their chevrons and the toolbar', async () => {
    const preview = await openPreview(browser(), { name: 'fold', width: 1280, height: 700 });
    await preview.send(updateOf(exampleText('staging'), 1));
    const count = (): Promise<number> => preview.page.locator('[data-node-id]').count();
    assert.equal(await count(), 10);
    await preview.page.click('[data-node-id="node:spec.spec.steps.0.spec.steps.0"] .rf-toggle');
    await preview.page.waitForSelector('[data-node-id="node:spec.spec.steps.0.spec.steps.0"].rf-collapsed');
    assert.equal(await count(), 8);
    await preview.page.click('[data-action="collapse-all"]');
    await preview.page.waitForFunction(() => document.querySelectorAll('[data-node-id]').length === 4);
    await preview.page.click('[data-action="expand-all"]');
    await preview.page.waitForFunction(() => document.querySelectorAll('[data-node-id]').length === 10);
    await preview.page.close();
  });

  it('reads the expressions its first parse left out when data edges are asked for at once, and without requestIdleCallback (Safari)', async () => {
    for (const withoutIdleCallback of [false, true]) {
      const preview = await openPreview(browser(), { name: `data-edges-first-${withoutIdleCallback}`, width: 1280, height: 700, withoutIdleCallback });
      assert.equal(await preview.page.evaluate(() => typeof window.requestIdleCallback), withoutIdleCallback ? 'undefined' : 'function');
      // The toggle in the same task as the first update: before any idle time or timer could read the expressions.
      await preview.page.evaluate((message) => {
        window.postMessage(message, '*');
        window.addEventListener('rf-rendered', () => (document.querySelector('[data-action="data-edges"]') as HTMLElement).click(), { once: true });
      }, updateOf(exampleText('production'), 1));
      await preview.page.waitForFunction(() => document.querySelectorAll('.rf-edge-data').length === 5);
      // And an edit derived from that first version draws as a fresh page does.
      await preview.send(updateOf(exampleText('production').replace('"ref": "notify",', '"ref": "notify-all",'), 2));
      assert.equal(await preview.page.locator('.rf-title', { hasText: 'notify-all' }).count(), 1);
      assert.deepEqual(preview.problems, []);
      await preview.page.close();
    }
  });

  it('shows the ${refs} data edges, laid out by elkjs, when asked', async () => {
    const preview = await openPreview(browser(), { name: 'data-edges', width: 1280, height: 700 });
    await preview.send(updateOf(exampleText('production'), 1));
    assert.equal(await preview.page.locator('.rf-edge-data').count(), 0);
    const before = await preview.page.getAttribute('[data-node-id="node:spec.spec.steps.3"]', 'transform');
    await preview.page.click('[data-action="data-edges"]');
    await preview.page.waitForFunction(() => document.querySelectorAll('.rf-edge-data').length === 5);
    assert.equal(await preview.page.getAttribute('[data-action="data-edges"]', 'aria-pressed'), 'true');
    assert.notEqual(await preview.page.getAttribute('[data-node-id="node:spec.spec.steps.3"]', 'transform'), before, 'elkjs placed the nodes anew');
    assert.match((await preview.page.textContent('.rf-edge-data title')) ?? '', /^backup -> backup-done: reads id$/);
    await preview.page.click('[data-action="fit"]');
    await preview.screenshot('webview-data-edges');
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });

  it('exports the graph as SVG and PNG to the host', async () => {
    const preview = await openPreview(browser(), { name: 'export', width: 1000, height: 600 });
    await preview.send(updateOf(exampleText('development'), 1, 'release-development.json'));
    await preview.page.click('[data-action="export-svg"]');
    await preview.page.click('[data-action="export-png"]');
    await preview.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'export').length === 2);
    const exports = (await preview.posted()).filter((m): m is ExportMessage => m.type === 'export');
    const svg = exports.find((m) => m.format === 'svg')!;
    assert.equal(svg.fileName, 'release-development.svg');
    const parsed = await preview.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, nodes: doc.querySelectorAll('[data-node-id]').length, styled: doc.querySelector('style')?.textContent?.includes('var(--') ?? true };
    }, svg.data);
    assert.deepEqual(parsed, { error: null, nodes: 7, styled: false }, 'a well-formed SVG with concrete colours');
    const png = exports.find((m) => m.format === 'png')!;
    assert.equal(png.fileName, 'release-development.png');
    assert.match(png.data, /^data:image\/png;base64,/);
    const bytes = Buffer.from(png.data.slice('data:image/png;base64,'.length), 'base64');
    assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'PNG signature');
    assert.ok(bytes.length > 10_000, 'a real picture');
    await preview.page.close();
  });

  it('runs standalone from the CLI page: offline, within its CSP, downloads exports', async () => {
    const text = exampleText('staging');
    const preview = await openPreview(browser(), { name: 'standalone', embedded: false, theme: 'light', initial: updateOf(text, 1, 'release-staging.json'), width: 1280, height: 700 });
    assert.equal(await preview.page.locator('[data-node-id]').count(), 10);
    await preview.page.click('[data-node-id="node:spec.spec.steps.1"] .rf-title');
    await preview.page.waitForSelector('.rf-popover:not([hidden])');
    assert.match((await preview.page.textContent('.rf-popover')) ?? '', /migrate · Job run[\s\S]*Run shop-migrate-staging/);
    await preview.screenshot('webview-standalone-light');
    const [download] = await Promise.all([preview.page.waitForEvent('download'), preview.page.click('[data-action="export-svg"]')]);
    assert.equal(download.suggestedFilename(), 'release-staging.svg');
    assert.deepEqual(preview.requests.filter((url) => !url.startsWith('blob:')), []);
    await preview.posted();
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });
});
