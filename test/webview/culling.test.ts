import * as assert from 'node:assert/strict';
import type { ExportMessage } from '../../core/graph/messages';
import { buildGraph } from '../../core/graph/build';
import { layoutGraph } from '../../core/graph/layout';
import type { Box, GraphLayout } from '../../core/graph/types';
import { parseFlow } from '../../core/document/parse';
import { openPreview, type PreviewPage, updateOf, useChromium } from './browser';

const STEPS = 400;

/** A long sequential flow: far wider than any panel, even zoomed all the way out. */
function longFlow(rename?: { step: number; ref: string }): string {
  const steps = Array.from({ length: STEPS }, (_, i) => ({ kind: 'Approval', ref: rename?.step === i ? rename.ref : `gate-${i}`, spec: { amount: 1 + (i % 3) } }));
  return JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } }, null, 2);
}

const stepId = (i: number): string => `node:spec.spec.steps.${i}`;

interface ViewState {
  drawn: string[];
  transform: { k: number; x: number; y: number };
  canvas: { width: number; height: number };
}

async function viewState(preview: PreviewPage): Promise<ViewState> {
  return preview.page.evaluate(() => {
    const match = /translate\(([-\d.]+),([-\d.]+)\) scale\(([-\d.]+)\)/.exec(document.querySelector('.rf-viewport')?.getAttribute('transform') ?? '');
    const canvas = document.querySelector('.rf-canvas') as HTMLElement;
    return {
      drawn: [...document.querySelectorAll<SVGGElement>('.rf-canvas [data-node-id]')].map((el) => el.dataset.nodeId as string),
      transform: { x: Number(match?.[1]), y: Number(match?.[2]), k: Number(match?.[3]) },
      canvas: { width: canvas.clientWidth, height: canvas.clientHeight },
    };
  });
}

/** The layout the page drew: the direction it chose for the panel's shape (a long chain runs down a wide panel too: it shows larger). */
async function pageLayout(preview: PreviewPage, graph: ReturnType<typeof buildGraph>): Promise<GraphLayout> {
  const drawnAt = await preview.page.getAttribute(`[data-node-id="${stepId(1)}"]`, 'transform');
  const layouts = (['right', 'down'] as const).map((direction) => layoutGraph(graph, { direction }));
  const match = layouts.find((l) => {
    const box = l.nodes.find((n) => n.node.id === stepId(1))?.box;
    return box !== undefined && drawnAt === `translate(${box.x},${box.y})`;
  });
  assert.ok(match, `a layout puts step 1 where the page drew it (${drawnAt})`);
  return match;
}

/** Wheel deltas that scroll along the flow by `distance` screen pixels. */
const along = (layout: GraphLayout, distance: number): [number, number] => (layout.direction === 'right' ? [distance, 0] : [0, distance]);

/** The nodes whose boxes the canvas shows now. */
function inView(layout: GraphLayout, state: ViewState): string[] {
  const { k, x, y } = state.transform;
  const view: Box = { x: -x / k, y: -y / k, width: state.canvas.width / k, height: state.canvas.height / k };
  return layout.nodes
    .filter(({ box }) => box.x < view.x + view.width && view.x < box.x + box.width && box.y < view.y + view.height && view.y < box.y + box.height)
    .map((n) => n.node.id);
}

async function screenBox(preview: PreviewPage, id: string): Promise<{ card: Box; canvas: Box }> {
  return preview.page.evaluate((nodeId) => {
    const box = (r: DOMRect): Box => ({ x: r.x, y: r.y, width: r.width, height: r.height });
    const card = document.querySelector(`[data-node-id="${nodeId}"] > .rf-card`) as SVGGraphicsElement;
    return { card: box(card.getBoundingClientRect()), canvas: box((document.querySelector('.rf-canvas') as HTMLElement).getBoundingClientRect()) };
  }, id);
}

const within = (inner: Box, outer: Box): boolean => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

describe('flow graph page: only what is in view is drawn (Chromium)', function () {
  const browser = useChromium(this);
  const text = longFlow();
  const graph = buildGraph(parseFlow(text));

  /** The long flow, zoomed in from its start to about 100%, where a screen shows a few cards. */
  async function openZoomedIn(name: string): Promise<{ preview: PreviewPage; layout: GraphLayout }> {
    const preview = await openPreview(browser(), { name, width: 1000, height: 600 });
    await preview.send(updateOf(text, 1));
    const layout = await pageLayout(preview, graph);
    await preview.page.focus('.rf-canvas');
    for (let i = 0; i < 14; i++) await preview.page.keyboard.press('+');
    return { preview, layout };
  }

  it('draws the cards in view, simplified when zoomed far out, and follows panning and zooming', async () => {
    const preview = await openPreview(browser(), { name: 'culling-pan', width: 1000, height: 600 });
    await preview.send(updateOf(text, 1));
    const layout = await pageLayout(preview, graph);
    let state = await viewState(preview);
    // Too wide to fit even at the smallest zoom: the view shows the start of the flow.
    assert.ok(state.drawn.includes(stepId(0)), 'the first step is drawn');
    assert.ok(!state.drawn.includes(stepId(STEPS - 1)), 'the last step is not');
    assert.ok(state.drawn.length < graph.nodes.length / 2, `${state.drawn.length} of ${graph.nodes.length} nodes drawn`);
    for (const id of inView(layout, state)) assert.ok(state.drawn.includes(id), `${id} is in view and drawn`);
    assert.equal(await preview.page.locator('[data-node-id] .rf-title').count(), 0, 'zoomed far out, cards carry no text');
    assert.ok((await preview.page.locator('.rf-far-card').count()) > 0);

    // Scroll along the flow by a screen with the wheel: what comes into view is drawn, what left is taken out.
    await preview.page.mouse.move(500, 300);
    await preview.page.mouse.wheel(...along(layout, layout.direction === 'right' ? 1000 : 600));
    await preview.page.waitForFunction(() => !document.querySelector('[data-node-id="node:spec.spec.steps.0"]'));
    state = await viewState(preview);
    const shown = inView(layout, state);
    assert.ok(shown.length > 10);
    for (const id of shown) assert.ok(state.drawn.includes(id), `${id} came into view and is drawn`);

    // Zoom in: the cards in view are drawn whole again, with their names.
    await preview.page.focus('.rf-canvas');
    for (let i = 0; i < 10; i++) await preview.page.keyboard.press('+');
    state = await viewState(preview);
    assert.ok(state.transform.k >= 0.4);
    // Everything (drawn or pending) is settled before the panel grows below.
    await preview.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    state = await viewState(preview);
    const near = inView(layout, state).filter((id) => id.startsWith('node:spec.spec.steps.'));
    assert.ok(near.length > 0);
    for (const id of near) {
      const ref = graph.byId.get(id)?.ref as string;
      assert.equal(await preview.page.locator(`[data-node-id="${id}"] .rf-title`).textContent(), ref, `${id} shows its name`);
    }

    // A larger panel shows more: what it uncovers is drawn.
    await preview.page.setViewportSize({ width: 1600, height: 1200 });
    await preview.page.waitForFunction(() => (document.querySelector('.rf-canvas') as HTMLElement).clientHeight > 1000);
    await preview.page.waitForFunction((count) => document.querySelectorAll('.rf-canvas [data-node-id]').length > count, state.drawn.length);
    state = await viewState(preview);
    for (const id of inView(layout, state)) assert.ok(state.drawn.includes(id), `${id} is in the larger view and drawn`);
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });

  it('shows a card edited while off screen as it is now when scrolled to', async () => {
    const { preview, layout } = await openZoomedIn('culling-edit');
    const target = 300;
    assert.equal(await preview.page.locator(`[data-node-id="${stepId(target)}"]`).count(), 0, 'off screen: not drawn');
    await preview.send(updateOf(longFlow({ step: target, ref: 'renamed-while-away' }), 2));
    const state = await viewState(preview);
    const box = layout.nodes.find((n) => n.node.id === stepId(target))?.box as Box;
    const distance = layout.direction === 'right' ? box.x * state.transform.k + state.transform.x - state.canvas.width / 2 : box.y * state.transform.k + state.transform.y - state.canvas.height / 2;
    await preview.page.mouse.move(500, 300);
    await preview.page.mouse.wheel(...along(layout, distance));
    await preview.page.waitForSelector(`[data-node-id="${stepId(target)}"]`, { state: 'attached' });
    assert.equal(await preview.page.locator(`[data-node-id="${stepId(target)}"] .rf-title`).textContent(), 'renamed-while-away');
    const { card, canvas } = await screenBox(preview, stepId(target));
    assert.ok(within(card, canvas), 'scrolled into view');
    await preview.page.close();
  });

  it('brings the node under the editor cursor into view and draws it highlighted', async () => {
    const preview = await openPreview(browser(), { name: 'culling-cursor', width: 1000, height: 600 });
    await preview.send(updateOf(text, 1));
    const model = parseFlow(text);
    const target = model.nodesByRef.get('gate-350')?.[0];
    assert.ok(target);
    assert.equal(await preview.page.locator(`[data-node-id="${stepId(350)}"]`).count(), 0, 'off screen: not drawn');
    await preview.send({ type: 'cursor', position: model.lines.positionAt(target.span.start + 5) });
    await preview.page.waitForSelector(`[data-node-id="${stepId(350)}"].rf-cursor`, { state: 'attached' });
    const { card, canvas } = await screenBox(preview, stepId(350));
    assert.ok(within(card, canvas), 'in view');
    assert.equal(await preview.page.locator('.rf-cursor').count(), 1);
    await preview.page.close();
  });

  it('moves with the arrow keys to nodes that were off screen, keeping the focus on them', async () => {
    const { preview, layout } = await openZoomedIn('culling-keys');
    const before = (await viewState(preview)).drawn;
    for (let i = 0; i < 40; i++) await preview.page.keyboard.press(layout.direction === 'right' ? 'ArrowRight' : 'ArrowDown');
    const selected = await preview.page.getAttribute('.rf-selected', 'data-node-id');
    assert.ok(selected !== null && selected.startsWith('node:spec.spec.steps.'), `selected ${selected}`);
    assert.ok(!before.includes(selected), `${selected} was not drawn before the moves`);
    assert.equal(await preview.page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.nodeId), selected, 'the selected card has the focus');
    const { card, canvas } = await screenBox(preview, selected);
    assert.ok(within(card, canvas), 'in view');
    await preview.page.keyboard.press('Home');
    assert.equal(await preview.page.getAttribute('.rf-selected', 'data-node-id'), layout.nodes[0]?.node.id, 'Home goes back to the start');
    await preview.page.close();
  });

  it('draws a graph that arrived while the panel had no size once the panel is shown', async () => {
    const preview = await openPreview(browser(), { name: 'culling-hidden', width: 1000, height: 600 });
    await preview.page.evaluate(() => ((document.querySelector('.rf-canvas') as HTMLElement).style.display = 'none'));
    await preview.send(updateOf(text, 1));
    await preview.page.evaluate(() => ((document.querySelector('.rf-canvas') as HTMLElement).style.display = ''));
    await preview.page.waitForFunction(() => document.querySelectorAll('.rf-canvas [data-node-id]').length > 10);
    const layout = await pageLayout(preview, graph);
    const state = await viewState(preview);
    assert.ok(state.drawn.includes(stepId(0)), 'fitted: the start of the flow is drawn');
    for (const id of inView(layout, state)) assert.ok(state.drawn.includes(id), `${id} is in view and drawn`);
    assert.deepEqual(preview.problems, []);
    await preview.page.close();
  });

  it('exports every node, not only those drawn', async () => {
    const preview = await openPreview(browser(), { name: 'culling-export', width: 1000, height: 600 });
    await preview.send(updateOf(text, 1));
    const drawn = (await viewState(preview)).drawn.length;
    await preview.page.click('[data-action="export-svg"]');
    await preview.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'export'));
    const svg = (await preview.posted()).find((m): m is ExportMessage => m.type === 'export' && m.format === 'svg') as ExportMessage;
    const exported = await preview.page.evaluate((data) => {
      const doc = new DOMParser().parseFromString(data, 'image/svg+xml');
      return { nodes: [...doc.querySelectorAll<SVGGElement>('[data-node-id]')].map((el) => el.dataset.nodeId), titles: doc.querySelectorAll('.rf-title').length };
    }, svg.data);
    assert.ok(drawn < graph.nodes.length);
    assert.deepEqual(exported.nodes.sort(), graph.nodes.map((n) => n.id).sort());
    assert.equal(exported.titles, graph.nodes.length - 1, 'whole cards, with their names, whatever the zoom (the root frame has its own title)');
    await preview.page.close();
  });
});
