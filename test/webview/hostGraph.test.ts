import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { UpdateMessage, WebviewDiagnostic } from '../../core/graph/messages';
import { buildGraph, graphDiagnosticsOf } from '../../core/graph/build';
import { encodeGraph } from '../../core/graph/wire';
import { parseFlow } from '../../core/document/parse';
import { exampleText, openPreview, updateOf, useChromium, type PreviewPage } from './browser';

/** The graph the language server answers `releaseFlow/graph` with, as it arrives (JSON). */
function serverGraph(text: string, diagnostics: WebviewDiagnostic[] = []): string {
  const model = parseFlow(text);
  return encodeGraph(buildGraph(model, graphDiagnosticsOf(model, diagnostics), { dataEdges: false }), false);
}

const canvasMarkup = (preview: PreviewPage): Promise<string> => preview.page.evaluate(() => (document.querySelector('.rf-canvas') as HTMLElement).innerHTML);

/** Whether the page has parsed the text itself yet: the rf-rendered timings say (a host graph's render parses nothing). */
async function sendTimed(preview: PreviewPage, message: UpdateMessage): Promise<{ parseMs: number }> {
  return preview.page.evaluate(
    (m) =>
      new Promise<{ parseMs: number }>((resolve) => {
        window.addEventListener('rf-rendered', (event) => resolve({ parseMs: (event as CustomEvent<{ parseMs: number }>).detail.parseMs }), { once: true });
        window.postMessage(m, '*');
      }),
    message,
  );
}

describe('flow graph page: the first picture from the host\'s graph (Chromium)', function () {
  const browser = useChromium(this);
  const text = exampleText('production');
  const position = (needle: string): WebviewDiagnostic['range'] => {
    const document = TextDocument.create('x', 'json', 0, text);
    const start = text.indexOf(needle);
    return { start: document.positionAt(start), end: document.positionAt(start + needle.length) };
  };
  const diagnostics: WebviewDiagnostic[] = [{ severity: 'warning', message: 'a warning on migrate', range: position('"migrate"') }];

  it('draws exactly what its own parse draws, without parsing first', async () => {
    const parsed = await openPreview(browser(), { name: 'host-graph-parsed', width: 1280, height: 700 });
    await parsed.send(updateOf(text, 1, 'release-production.json', diagnostics));
    const hosted = await openPreview(browser(), { name: 'host-graph-hosted', width: 1280, height: 700 });
    const timing = await sendTimed(hosted, { ...updateOf(text, 1, 'release-production.json', diagnostics), graph: serverGraph(text, diagnostics) });
    assert.equal(timing.parseMs, 0, 'the first render parsed nothing');
    assert.equal(await hosted.page.getAttribute('body', 'data-first-picture'), 'host');
    assert.equal(await parsed.page.getAttribute('body', 'data-first-picture'), 'page');
    assert.equal(await canvasMarkup(hosted), await canvasMarkup(parsed));
    assert.equal(await hosted.page.textContent('.rf-toolbar-info'), await parsed.page.textContent('.rf-toolbar-info'));
    assert.deepEqual([...hosted.problems, ...parsed.problems], []);
    await parsed.page.close();
    await hosted.page.close();
  });

  for (const withoutIdleCallback of [false, true]) {
    it(`parses the text when idle${withoutIdleCallback ? ' (without requestIdleCallback, as Safari)' : ''}: the cursor sent at once is followed then, and the next edit is derived from it`, async () => {
      const preview = await openPreview(browser(), { name: `host-graph-idle-${withoutIdleCallback}`, width: 1280, height: 700, withoutIdleCallback });
      // The cursor in the same task as the first update, before any idle time.
      await preview.page.evaluate(
        ([update, cursor]) => {
          window.postMessage(update, '*');
          window.postMessage(cursor, '*');
        },
        [{ ...updateOf(text, 1), graph: serverGraph(text) }, { type: 'cursor', position: position('"notify"').start }] as const,
      );
      await preview.rendered(1);
      await preview.page.waitForSelector('[data-node-id="node:spec.spec.steps.6"].rf-cursor');
      await preview.send(updateOf(text.replace('"ref": "notify",', '"ref": "notify-all",'), 2));
      assert.equal(await preview.page.locator('.rf-title', { hasText: 'notify-all' }).count(), 1);
      assert.deepEqual(preview.problems, []);
      await preview.page.close();
    });
  }

  it('parses at once when something needs the model before idle time: data edges, an edit', async () => {
    const preview = await openPreview(browser(), { name: 'host-graph-data-edges', width: 1280, height: 700 });
    await preview.page.evaluate((message) => {
      window.postMessage(message, '*');
      window.addEventListener('rf-rendered', () => (document.querySelector('[data-action="data-edges"]') as HTMLElement).click(), { once: true });
    }, { ...updateOf(text, 1), graph: serverGraph(text) });
    await preview.page.waitForFunction(() => document.querySelectorAll('.rf-edge-data').length === 5);
    await preview.page.close();

    const editing = await openPreview(browser(), { name: 'host-graph-edit-first', width: 1280, height: 700 });
    await editing.page.evaluate(
      ([first, second]) => {
        window.postMessage(first, '*');
        window.postMessage(second, '*');
      },
      [{ ...updateOf(text, 1), graph: serverGraph(text) }, updateOf(text.replace('"ref": "backup",', '"ref": "backup-db",'), 2)] as const,
    );
    await editing.rendered(2);
    assert.equal(await editing.page.locator('.rf-title', { hasText: 'backup-db' }).count(), 1);
    assert.deepEqual(editing.problems, []);
    await editing.page.close();
  });

  it('draws the standalone page (release-flow graph --format html) from the graph it carries', async () => {
    const preview = await openPreview(browser(), { name: 'host-graph-standalone', embedded: false, width: 1280, height: 700, initial: { ...updateOf(text, 1), graph: serverGraph(text) } });
    assert.equal(await preview.page.getAttribute('body', 'data-first-picture'), 'host');
    assert.equal(await preview.page.locator('[data-node-id]').count(), 9);
    await preview.page.click('[data-node-id="node:spec.spec.steps.6"]');
    await preview.page.waitForSelector('.rf-popover:not([hidden])');
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });

  it('ignores a malformed graph and parses the text, and ignores any graph after the first picture', async () => {
    // A node whose parent is not in the graph.
    const broken = JSON.parse(serverGraph(text)) as { nodes: unknown[][] };
    broken.nodes[3]![10] = broken.nodes.length;
    const preview = await openPreview(browser(), { name: 'host-graph-malformed', width: 1280, height: 700 });
    const timing = await sendTimed(preview, { ...updateOf(text, 1), graph: JSON.stringify(broken) });
    assert.ok(timing.parseMs > 0, 'parsed the text itself');
    assert.equal(await preview.page.locator('[data-node-id]').count(), broken.nodes.length, 'every node drawn');
    // A later update is derived from the page's own model, whatever graph comes with it.
    const edited = text.replace('"ref": "notify",', '"ref": "notify-all",');
    await preview.send({ ...updateOf(edited, 2), graph: serverGraph(text) });
    assert.equal(await preview.page.locator('.rf-title', { hasText: 'notify-all' }).count(), 1);
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });
});
