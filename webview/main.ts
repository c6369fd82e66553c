/**
 * Entry point of the flow-graph page (bundled to dist/webview.js). Wires the
 * host's messages, the toolbar and the page's first data to the graph view.
 */
import { isHostMessage, type HostMessage, type RunStatusMessage, type UpdateMessage } from '../core/graph/messages';
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
  const view = new GraphView({ canvas, banner, info, popover, dataButton: document.querySelector('[data-action="data-edges"]') }, host, canvasMeasure(graphFont()));

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
    }
  };
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
    const data = JSON.parse(initial) as { update?: UpdateMessage; run?: RunStatusMessage };
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
