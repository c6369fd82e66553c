/**
 * Entry point of the flow-graph page (bundled to dist/webview.js). Wires the
 * host's messages, the toolbar and the page's first data to the graph view.
 */
import { COMPARE_CHOICES, isHostMessage, type BaselineMessage, type CompareChoice, type HostMessage, type RunStatusMessage, type UpdateMessage } from '../core/graph/messages';
import { connectHost } from './host';
import { canvasMeasure } from './measure';
import { GraphView } from './view';

function start(): void {
  const canvas = document.querySelector<HTMLElement>('.rf-canvas');
  const banner = document.querySelector<HTMLElement>('.rf-banner');
  const info = document.querySelector<HTMLElement>('.rf-toolbar-info');
  const popover = document.querySelector<HTMLElement>('.rf-popover');
  if (!canvas || !banner || !info || !popover) throw new Error('The flow graph page is missing its elements.');
  const host = connectHost();
  const view = new GraphView({ canvas, banner, info, popover, dataButton: document.querySelector('[data-action="data-edges"]'), legend: document.querySelector<HTMLElement>('.rf-legend') }, host, canvasMeasure(graphFont()));

  const handle = (message: HostMessage): void => {
    switch (message.type) {
      case 'update':
        view.update(message);
        break;
      case 'runStatus':
        view.runStatus(message);
        break;
      case 'cursor':
        view.cursor(message);
        break;
      case 'requestExport':
        void view.exportAs(message.format);
        break;
      case 'baseline':
        view.setBaseline(message);
        // The host may turn the comparison off (an error), or restore it after the page reloaded: the picker follows.
        if (compare) compare.value = message.text === undefined ? 'off' : COMPARE_CHOICES.includes(message.label as CompareChoice) ? (message.label as string) : compare.value;
        break;
    }
  };
  const compare = document.querySelector<HTMLSelectElement>('[data-control="compare"]');
  compare?.addEventListener('change', () => {
    const against = compare.value as CompareChoice;
    if (COMPARE_CHOICES.includes(against)) host.post({ type: 'compare', against });
  });
  window.addEventListener('message', (event: MessageEvent) => {
    // VS Code delivers host messages as window messages; anything malformed is not ours.
    if (isHostMessage(event.data)) handle(event.data);
  });

  const actions: Record<string, () => void> = {
    'zoom-in': () => view.zoom(1.25),
    'zoom-out': () => view.zoom(0.8),
    fit: () => view.fit(),
    'expand-all': () => view.expandAll(),
    'collapse-all': () => view.collapseAll(),
    'data-edges': () => view.toggleDataEdges(),
    direction: () => view.toggleDirection(),
    'export-svg': () => void view.exportAs('svg'),
    'export-png': () => void view.exportAs('png'),
  };
  document.querySelector('.rf-toolbar')?.addEventListener('click', (event) => {
    const action = (event.target as Element).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action !== undefined) actions[action]?.();
  });

  // A standalone page carries its document; inside VS Code the host sends it after `ready`.
  const initial = document.getElementById('rf-initial')?.textContent;
  if (initial) {
    const data = JSON.parse(initial) as { update?: UpdateMessage; run?: RunStatusMessage; baseline?: BaselineMessage };
    if (data.baseline && isHostMessage(data.baseline)) handle(data.baseline);
    if (data.update && isHostMessage(data.update)) handle(data.update);
    if (data.run && isHostMessage(data.run)) handle(data.run);
  }
  host.post({ type: 'ready' });
}

/** The font the graph's SVG text is drawn in, as the page's stylesheet resolves it. */
function graphFont(): string {
  const probe = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  probe.setAttribute('class', 'rf-graph');
  document.body.append(probe);
  const family = getComputedStyle(probe).fontFamily;
  probe.remove();
  return family || 'sans-serif';
}

start();
