/**
 * Bundled for the browser by test/bench/graph.ts: the two layout engines and
 * the renderer, callable from a benchmark page, so their cost is measured in
 * the same engine that runs the webview.
 */
import { buildGraph } from '../../core/graph/build';
import { layoutWithElk } from '../../core/graph/elkLayout';
import { layoutGraph } from '../../core/graph/layout';
import { renderSvg } from '../../core/graph/svg';
import { parseFlow } from '../../core/document/parse';

export interface LayoutTiming {
  nodes: number;
  modelMs: number;
  layoutMs: number;
  renderMs: number;
}

async function measure(text: string, engine: 'series-parallel' | 'elk', dataEdges: boolean): Promise<LayoutTiming> {
  const t0 = performance.now();
  const graph = buildGraph(parseFlow(text));
  const t1 = performance.now();
  const layout = engine === 'elk' ? await layoutWithElk(graph, { dataEdges }) : layoutGraph(graph, { dataEdges });
  const t2 = performance.now();
  const host = document.getElementById('host') as HTMLElement;
  host.innerHTML = renderSvg(layout);
  // Reading a box forces style and layout of what was just inserted.
  host.getBoundingClientRect();
  const t3 = performance.now();
  host.replaceChildren();
  return { nodes: graph.nodes.length, modelMs: t1 - t0, layoutMs: t2 - t1, renderMs: t3 - t2 };
}

(window as unknown as { rfBench: typeof measure }).rfBench = measure;
