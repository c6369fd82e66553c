import * as assert from 'node:assert/strict';
import { buildGraph } from '../../core/graph/build';
import { parseFlow } from '../../core/document/parse';
import { exampleText, openPreview, type PreviewPage, updateOf, useChromium } from './browser';

interface DrawnNode {
  id: string;
  box: { x: number; y: number; width: number; height: number };
  text: string;
}

/** What the page shows: every node with its box on screen, and every order edge. */
async function drawn(preview: PreviewPage): Promise<{ nodes: DrawnNode[]; edges: string[] }> {
  return preview.page.evaluate(() => {
    const nodes = [...document.querySelectorAll<SVGGElement>('.rf-canvas [data-node-id]')].map((el) => {
      const r = (el.querySelector('.rf-card, .rf-frame') as SVGGraphicsElement).getBoundingClientRect();
      return { id: el.dataset.nodeId as string, box: { x: r.x, y: r.y, width: r.width, height: r.height }, text: el.textContent ?? '' };
    });
    const edges = [...document.querySelectorAll<SVGPathElement>('.rf-canvas .rf-edge:not(.rf-edge-data)')].map((p) => `${p.classList[1]}:${p.dataset.from}->${p.dataset.to}`);
    return { nodes, edges };
  });
}

const inside = (inner: DrawnNode['box'], outer: DrawnNode['box']): boolean =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

describe('flow graph page: rendering and live updates (Chromium)', function () {
  const browser = useChromium(this);

  for (const name of ['development', 'staging', 'production']) {
    it(`renders ${name} with the right nodes, edges and containment`, async () => {
      const text = exampleText(name);
      const preview = await openPreview(browser(), { name: `render-${name}`, width: name === 'production' ? 720 : 1280, height: name === 'production' ? 1000 : 640 });
      await preview.send(updateOf(text, 1, `release-${name}.json`));
      const graph = buildGraph(parseFlow(text));
      const { nodes, edges } = await drawn(preview);
      assert.deepEqual(nodes.map((n) => n.id).sort(), graph.nodes.map((n) => n.id).sort());
      assert.deepEqual(edges.sort(), graph.edges.filter((e) => e.type !== 'data').map((e) => `rf-edge-${e.type}:${e.from}->${e.to}`).sort());
      const boxes = new Map(nodes.map((n) => [n.id, n.box]));
      for (const node of graph.nodes) {
        if (node.parent !== undefined) assert.ok(inside(boxes.get(node.id)!, boxes.get(node.parent)!), `${node.label} is drawn inside ${graph.byId.get(node.parent)!.label}`);
        if (node.ref !== undefined) assert.ok(nodes.find((n) => n.id === node.id)!.text.includes(node.ref), `${node.ref} is written on its card`);
      }
      await preview.screenshot(`webview-${name}`);
      assert.deepEqual(preview.problems, []);
      assert.deepEqual(preview.requests, [], 'nothing is fetched');
      await preview.page.close();
    });
  }

  it('re-renders on an update, keeping the viewport', async () => {
    const text = exampleText('production');
    const preview = await openPreview(browser(), { name: 'update', width: 900, height: 700 });
    await preview.send(updateOf(text, 1));
    await preview.page.focus('.rf-canvas');
    await preview.page.keyboard.press('+');
    const transform = (): Promise<string | null> => preview.page.getAttribute('.rf-viewport', 'transform');
    const before = await transform();
    const edited = text.replace('"ref": "notify",', '"ref": "notify-team",');
    await preview.send(updateOf(edited, 2));
    assert.equal(await preview.page.locator('[data-node-id] .rf-title', { hasText: 'notify-team' }).count(), 1);
    assert.equal(await transform(), before, 'the view did not move');
    const added = edited.replace('"steps": [', '"steps": [ { "kind": "Approval", "ref": "sign-off", "spec": { "amount": 2 } },');
    await preview.send(updateOf(added, 3));
    assert.equal(await preview.page.locator('.rf-title', { hasText: 'sign-off' }).count(), 1);
    assert.ok((await preview.page.textContent('.rf-toolbar-info'))?.startsWith('9 nodes'));
    await preview.page.close();
  });

  it('keeps the last good graph with a banner while the JSON is broken', async () => {
    const text = exampleText('development');
    const preview = await openPreview(browser(), { name: 'broken', width: 1200, height: 500 });
    await preview.send(updateOf(text, 1));
    const count = (): Promise<number> => preview.page.locator('[data-node-id]').count();
    const good = await count();
    await preview.send(updateOf(text.replace('"ref": "build",', '"ref": "build"'), 2));
    assert.equal(await preview.page.isVisible('.rf-banner'), true);
    assert.match((await preview.page.textContent('.rf-banner')) ?? '', /The JSON has an error at line \d+, column \d+: Expected ',' between entries\. The graph shows the last valid version\./);
    assert.equal(await count(), good);
    await preview.screenshot('webview-broken-json');
    await preview.send(updateOf(text, 3));
    assert.equal(await preview.page.isVisible('.rf-banner'), false);
    await preview.page.close();
  });

  it('draws nothing past the size limit validation keeps to, saying why, and draws again once within it', async () => {
    const text = exampleText('development');
    const preview = await openPreview(browser(), { name: 'huge', width: 1200, height: 500 });
    await preview.send(updateOf(text, 1));
    assert.ok((await preview.page.locator('[data-node-id]').count()) > 0);
    const huge = text.replace('{', `{${' '.repeat(8 * 1024 * 1024)}`);
    await preview.send(updateOf(huge, 2));
    assert.equal(await preview.page.locator('[data-node-id]').count(), 0);
    assert.match((await preview.page.textContent('.rf-empty-state')) ?? '', /No graph: it is 8\.0 MB, past the limit of 8\.0 MB/);
    await preview.send(updateOf(text, 3));
    assert.ok((await preview.page.locator('[data-node-id]').count()) > 0);
    assert.equal(await preview.page.locator('.rf-empty-state').count(), 0);
    await preview.page.close();
  });

  it("keeps to the user's releaseFlow.maxFileSize when the update carries it", async () => {
    const text = exampleText('production');
    const preview = await openPreview(browser(), { name: 'max-file-size', width: 1000, height: 800 });
    await preview.send({ ...updateOf(text, 1), maxFileSize: text.length - 1 });
    assert.equal(await preview.page.locator('[data-node-id]').count(), 0);
    assert.match((await preview.page.textContent('.rf-empty-state')) ?? '', /No graph: it is .*, past the limit of .* \(releaseFlow\.maxFileSize\)/);
    await preview.send({ ...updateOf(text, 2), maxFileSize: text.length });
    assert.ok((await preview.page.locator('[data-node-id]').count()) > 0);
    await preview.page.close();
  });

  it('draws each version as a fresh page would, when versions are derived from the last one', async () => {
    const text = exampleText('production');
    const versions = [
      text.replace('"ref": "notify",', '"ref": "notify-all",'),
      text.replace('"ref": "notify",', '"ref": "notify-all"'), // broken: the last model must come out untouched
      text.replace('"ref": "notify",', '"ref": "notify-all",').replace('"steps": [', '"steps": [ { "kind": "Approval", "ref": "gate", "spec": { "amount": 1 } },'),
      text.replace('"steps": [', '"steps": [ { "kind": "Approval", "ref": "gate-2", "spec": { "amount": 1 } },'),
    ];
    const live = await openPreview(browser(), { name: 'derived', width: 1000, height: 800 });
    await live.send(updateOf(text, 1));
    for (const [i, version] of versions.entries()) {
      await live.send(updateOf(version, i + 2));
      if (parseFlow(version).syntaxIssues.length > 0) continue;
      const fresh = await openPreview(browser(), { name: `derived-fresh-${i}`, width: 1000, height: 800 });
      await fresh.send(updateOf(version, 1));
      const text = (drawing: { nodes: DrawnNode[] }): string[] => drawing.nodes.map((n) => `${n.id} ${n.text}`).sort();
      assert.deepEqual(text(await drawn(live)), text(await drawn(fresh)), `version ${i + 2}`);
      await fresh.page.close();
    }
    assert.deepEqual(live.problems, []);
    await live.page.close();
  });

  it('badges nodes that have diagnostics', async () => {
    const text = exampleText('production');
    const model = parseFlow(text);
    const migrate = model.nodesByRef.get('migrate')![0]!;
    const backup = model.nodesByRef.get('backup')![0]!;
    const range = (span: { start: number; end: number }): { start: { line: number; character: number }; end: { line: number; character: number } } => model.lines.rangeOf(span);
    const preview = await openPreview(browser(), { name: 'badges', width: 720, height: 1000 });
    await preview.send(updateOf(text, 1, 'release-production.json', [
      { severity: 'error', message: 'Job shop-migrate-prod is not in the Production stage.', range: range(migrate.refSpan!) },
      { severity: 'error', message: 'second problem', range: range(migrate.kindSpan!) },
      { severity: 'warning', message: 'Consider a longer timeout.', range: range(backup.refSpan!) },
    ]));
    const migrateCard = preview.page.locator('[data-node-id="node:spec.spec.steps.3"]');
    assert.match((await migrateCard.getAttribute('class')) ?? '', /rf-has-error/);
    assert.equal(await migrateCard.locator('.rf-badge-error text').textContent(), '2');
    assert.match((await preview.page.getAttribute('[data-node-id="node:spec.spec.steps.0"]', 'class')) ?? '', /rf-has-warning/);
    assert.match((await preview.page.textContent('.rf-toolbar-info')) ?? '', /2 errors · 1 warning/);
    await preview.screenshot('webview-badges');
    await preview.page.close();
  });

  it('takes its colours from the VS Code theme, high contrast included', async () => {
    const themes = {
      light: { bodyClass: 'vscode-light', variables: { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#1f1f1f', '--vscode-editorWidget-background': '#f8f8f8', '--vscode-editorWidget-border': '#c8c8c8', '--vscode-descriptionForeground': '#717171', '--vscode-sideBar-background': '#f3f3f3', '--vscode-focusBorder': '#0090f1' } },
      'high-contrast': { bodyClass: 'vscode-high-contrast', variables: { '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-editorWidget-background': '#0c141f', '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518', '--vscode-descriptionForeground': '#ffffffb3', '--vscode-focusBorder': '#f38518' } },
    };
    for (const [name, vscodeTheme] of Object.entries(themes)) {
      const preview = await openPreview(browser(), { name: `theme-${name}`, width: 1280, height: 640, vscodeTheme });
      await preview.send(updateOf(exampleText('development'), 1, 'release-development.json'));
      const look = await preview.page.evaluate(() => {
        const card = getComputedStyle(document.querySelector('.rf-step > .rf-card') as Element);
        return { background: getComputedStyle(document.body).backgroundColor, stroke: card.stroke, width: card.strokeWidth, text: getComputedStyle(document.querySelector('.rf-title') as Element).fill };
      });
      if (name === 'light') {
        assert.deepEqual(look, { background: 'rgb(255, 255, 255)', stroke: 'rgb(200, 200, 200)', width: '1px', text: 'rgb(31, 31, 31)' });
      } else {
        assert.deepEqual(look, { background: 'rgb(0, 0, 0)', stroke: 'rgb(111, 195, 223)', width: '2px', text: 'rgb(255, 255, 255)' }, 'high contrast: contrast borders, thicker strokes');
      }
      await preview.screenshot(`webview-theme-${name}`);
      await preview.page.close();
    }
  });

  it('highlights the node under the editor cursor', async () => {
    const text = exampleText('production');
    const model = parseFlow(text);
    const preview = await openPreview(browser(), { name: 'cursor', width: 720, height: 1000 });
    await preview.send(updateOf(text, 1));
    const jobId = text.indexOf('"jobId": "shop-migrate-prod"');
    await preview.send({ type: 'cursor', position: model.lines.positionAt(jobId) });
    await preview.page.waitForSelector('[data-node-id="node:spec.spec.steps.3"].rf-cursor');
    assert.equal(await preview.page.locator('.rf-cursor').count(), 1);
    await preview.send({ type: 'cursor', position: model.lines.positionAt(text.indexOf('"ref": "notify"')) });
    await preview.page.waitForSelector('[data-node-id="node:spec.spec.steps.6"].rf-cursor');
    assert.equal(await preview.page.locator('.rf-cursor').count(), 1, 'one highlight at a time');
    await preview.screenshot('webview-cursor');
    await preview.page.close();
  });
});
