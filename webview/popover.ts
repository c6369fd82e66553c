import { ICON_BODIES } from '../core/graph/icons';
import { STATUS_LABELS } from '../core/graph/svg';
import type { Box, GraphNode, NodeRunState } from '../core/graph/types';

/** Everything the popover shows about one node. */
export interface NodeDetails {
  node: GraphNode;
  state: NodeRunState | undefined;
  /** "build (id, branch)": what the node reads through ${refs}. */
  reads: string[];
  /** What changed in the node since the compared version, one line each. */
  changes?: string[];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | undefined, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  // textContent, never innerHTML: names and outputs come from the file and the run.
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * The details of a clicked node: what it does, its diagnostics, and during a
 * run its status, error and outputs. Built with DOM text nodes only.
 */
export class Popover {
  nodeId: string | undefined;

  constructor(private readonly root: HTMLElement, private readonly onClose: () => void) {
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.hide();
        this.onClose();
      }
    });
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  show(details: NodeDetails, anchor: Box): void {
    const { node, state } = details;
    this.nodeId = node.id;
    const root = this.root;
    root.replaceChildren();
    const close = element('button', 'rf-pop-close');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.innerHTML = `<svg viewBox="0 0 16 16" aria-hidden="true">${ICON_BODIES.close}</svg>`;
    close.addEventListener('click', () => {
      this.hide();
      this.onClose();
    });
    root.append(close, element('h2', undefined, node.label === node.kindTitle ? node.label : `${node.label} · ${node.kindTitle}`), element('div', 'rf-pop-summary', node.summary));
    root.setAttribute('aria-label', `Details of ${node.label}`);
    for (const line of details.changes ?? []) root.append(element('div', 'rf-pop-change', line));
    if (state) {
      const attempt = state.attempt !== undefined && (state.attempt > 1 || state.status === 'retrying') ? ` (attempt ${state.attempt}${state.maxAttempts ? ` of ${state.maxAttempts}` : ''})` : '';
      const at = state.at ? ` · ${new Date(state.at).toLocaleTimeString()}` : '';
      root.append(element('div', 'rf-pop-status', `${STATUS_LABELS[state.status] ?? state.status}${attempt}${at}`));
      if (state.error) root.append(element('div', 'rf-pop-error', `${state.error.code}: ${state.error.message}`));
      for (const note of state.notes ?? []) root.append(element('div', undefined, note));
      if (state.outputs !== undefined) {
        root.append(element('div', undefined, 'Outputs'), element('pre', undefined, JSON.stringify(state.outputs, null, 2)));
      }
    }
    for (const message of node.errors) root.append(element('div', 'rf-pop-error', `Error: ${message}`));
    for (const message of node.warnings) root.append(element('div', 'rf-pop-warning', `Warning: ${message}`));
    if (details.reads.length > 0) root.append(element('div', undefined, `Reads ${details.reads.join('; ')}`));
    if (node.notes.length > 0) {
      const list = element('ul', undefined);
      for (const note of node.notes) list.append(element('li', undefined, note));
      root.append(list);
    }
    root.hidden = false;
    this.place(anchor);
  }

  hide(): void {
    this.root.hidden = true;
    this.nodeId = undefined;
  }

  /** Beside the node when there is room (so the next node stays clickable), else below or above; kept inside the window. */
  private place(anchor: Box): void {
    const root = this.root;
    const width = root.offsetWidth;
    const height = root.offsetHeight;
    const gap = 10;
    const fitsX = (left: number): boolean => left >= 8 && left + width <= window.innerWidth - 8;
    const clampY = (top: number): number => Math.max(8, Math.min(top, window.innerHeight - height - 8));
    const clampX = (left: number): number => Math.max(8, Math.min(left, window.innerWidth - width - 8));
    let left: number;
    let top: number;
    if (fitsX(anchor.x + anchor.width + gap)) {
      left = anchor.x + anchor.width + gap;
      top = clampY(anchor.y);
    } else if (fitsX(anchor.x - width - gap)) {
      left = anchor.x - width - gap;
      top = clampY(anchor.y);
    } else {
      left = clampX(anchor.x);
      top = anchor.y + anchor.height + gap + height <= window.innerHeight - 8 ? anchor.y + anchor.height + gap : clampY(anchor.y - height - gap);
    }
    root.style.left = `${left}px`;
    root.style.top = `${top}px`;
  }
}
