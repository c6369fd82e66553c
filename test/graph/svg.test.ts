import * as assert from 'node:assert/strict';
import { buildGraph } from '../../core/graph/build';
import { layoutGraph } from '../../core/graph/layout';
import { DARK, LIGHT } from '../../core/graph/style';
import { renderStatus, renderSvg, roundedPath } from '../../core/graph/svg';
import { escapeXml, estimateTextWidth, fitText } from '../../core/graph/text';
import type { NodeRunState } from '../../core/graph/types';
import { parseFlow } from '../../core/document/parse';
import { hostileFlow, PAYLOADS } from './fixtures';

/** Every text node and attribute value of the SVG, unescaped: what a viewer would show. */
function texts(svg: string): string {
  return svg.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('SVG rendering', () => {
  it('escapes every string from the file: no markup gets through, and the text is still there', () => {
    const graph = buildGraph(parseFlow(hostileFlow()));
    const svg = renderSvg(layoutGraph(graph, { dataEdges: true }), { palette: LIGHT });
    // The only elements are the renderer's own.
    const tags = new Set([...svg.matchAll(/<([a-zA-Z]+)/g)].map((m) => m[1]));
    assert.deepEqual([...tags].filter((t) => !['svg', 'defs', 'marker', 'path', 'symbol', 'g', 'style', 'rect', 'use', 'text', 'title', 'tspan', 'circle'].includes(t!)), []);
    assert.ok(!/<script|<img|onerror=|onload=/i.test(svg.replace(/&lt;[^&]*/g, '')), 'no live markup');
    // Attribute values never break out of their quotes.
    for (const match of svg.matchAll(/<[^>]+>/g)) assert.ok(!/="[^"]*"[^\s/>]/.test(match[0]), `malformed tag ${match[0].slice(0, 80)}`);
    const shown = texts(svg);
    for (const payload of [PAYLOADS[0]!, 'R&D <b>bold</b> & "quoted"']) assert.ok(shown.includes(payload.slice(0, 20)), `"${payload}" is shown as text`);
    assert.ok(!/[\u0001\uFFFE]/.test(svg), 'characters XML forbids are replaced');
    assert.ok(svg.includes('odd\uFFFDcontrol\uFFFDchars'));
  });

  it('escapes XML specials, forbidden characters and lone surrogates', () => {
    assert.equal(escapeXml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    assert.equal(escapeXml('a\u0000b\u0008c\td\ne'), 'a\uFFFDb\uFFFDc\td\ne');
    assert.equal(escapeXml('x\uD800y 😀'), 'x\uFFFDy 😀');
  });

  it('fits text into a width with an ellipsis, measuring wide rather than narrow', () => {
    assert.equal(fitText('short', 200, 12), 'short');
    const long = 'promote-shop-migrate-staging-to-production-and-more';
    const fitted = fitText(long, 120, 12);
    assert.ok(fitted.endsWith('…') && fitted.length < long.length);
    assert.ok(estimateTextWidth(fitted, 12, false) <= 120);
    assert.ok(estimateTextWidth('WWW', 12, false) > estimateTextWidth('iii', 12, false));
    assert.equal(fitText('a  lot\n of   space', 200, 12), 'a lot of space');
  });

  it('draws a card per step, a frame per workflow, arrows, and a standalone stylesheet when asked', () => {
    const text = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'parallel', steps: [{ kind: 'Build', ref: 'a', spec: {} }, { kind: 'Build', ref: 'b', spec: {} }] } } });
    const layout = layoutGraph(buildGraph(parseFlow(text)));
    const svg = renderSvg(layout, { palette: DARK });
    assert.equal((svg.match(/class="rf-node rf-step/g) ?? []).length, 2);
    assert.equal((svg.match(/class="rf-node rf-workflow rf-workflow-parallel/g) ?? []).length, 1);
    assert.equal((svg.match(/rf-edge-fork/g) ?? []).length, 2);
    assert.equal((svg.match(/rf-edge-join/g) ?? []).length, 2);
    assert.ok(svg.includes(`fill="${DARK.bg}"`) && svg.includes('<style>'));
    assert.ok(!renderSvg(layout).includes('<style>'), 'the webview brings its own stylesheet');
    assert.ok(svg.includes('<symbol id="rf-i-build"'), 'icons travel inside the file');
    assert.ok(!/https?:\/\/(?!www\.w3\.org)/.test(svg), 'nothing remote');
  });

  it('shows run statuses on cards: label, attempt and colour class', () => {
    const text = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Build', ref: 'a', spec: {} }] } } });
    const graph = buildGraph(parseFlow(text));
    const id = graph.nodes.find((n) => n.ref === 'a')!.id;
    const statuses = new Map<string, NodeRunState>([[id, { status: 'retrying', attempt: 2, maxAttempts: 3 }]]);
    const svg = renderSvg(layoutGraph(graph), { statuses });
    assert.match(svg, /class="rf-node rf-step rf-tone-blue rf-status-retrying"/);
    assert.ok(svg.includes('>Retry 2/3</text>'));
    assert.ok(renderStatus({ status: 'failure', attempt: 3 }).includes('>Failed 3</text>'));
    assert.ok(renderStatus({ status: 'success', attempt: 1 }).includes('>Succeeded</text>'));
  });

  it('rounds the corners of edge paths', () => {
    assert.equal(roundedPath([{ x: 0, y: 0 }, { x: 10, y: 0 }], 8), 'M0,0 L10,0');
    assert.equal(roundedPath([{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 20 }], 8), 'M0,0 L12,0 Q20,0 20,8 L20,20');
  });
});
