import type { KeyedMarkup, SvgParts } from '../core/graph/svg';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LAYERS = ['containers', 'edges', 'cards', 'data'] as const;
type LayerName = (typeof LAYERS)[number];

interface Layer {
  element: SVGGElement;
  /** What is drawn, by key, with the markup it was made from. */
  items: Map<string, { element: Element; markup: string }>;
  order: string[];
}

/**
 * Keeps the drawing on the page and updates it in place: an element whose
 * markup is unchanged is kept, so an edit that touches one node replaces one
 * node, and the browser restyles and repaints only that.
 */
export class Drawing {
  root: SVGSVGElement | undefined;
  private defs = '';
  private readonly layers = new Map<LayerName, Layer>();

  constructor(private readonly host: HTMLElement) {}

  /** Takes the drawing off the page; the next draw starts afresh. */
  clear(): void {
    this.root?.remove();
    this.root = undefined;
    this.defs = '';
    this.layers.clear();
  }

  draw(parts: SvgParts): SVGSVGElement {
    if (!this.root) return this.create(parts);
    if (parts.defs !== this.defs) {
      (this.root.querySelector(':scope > defs') as SVGDefsElement).innerHTML = parts.defs;
      this.defs = parts.defs;
    }
    for (const name of LAYERS) this.update(this.layers.get(name) as Layer, parts[name]);
    return this.root;
  }

  private create(parts: SvgParts): SVGSVGElement {
    const join = (items: KeyedMarkup[]): string => items.map((item) => item.markup).join('');
    this.host.insertAdjacentHTML(
      'beforeend',
      `<svg xmlns="${SVG_NS}" class="rf-graph" role="group" aria-label="Release flow graph"><defs>${parts.defs}</defs><g class="rf-viewport">` +
        LAYERS.map((name) => `<g class="rf-layer-${name}">${join(parts[name])}</g>`).join('') +
        '</g></svg>',
    );
    const root = this.host.lastElementChild as SVGSVGElement;
    this.root = root;
    this.defs = parts.defs;
    for (const name of LAYERS) {
      const element = root.querySelector(`.rf-layer-${name}`) as SVGGElement;
      const items = new Map<string, { element: Element; markup: string }>();
      parts[name].forEach((item, i) => items.set(item.key, { element: element.children[i] as Element, markup: item.markup }));
      this.layers.set(name, { element, items, order: parts[name].map((item) => item.key) });
    }
    return root;
  }

  private update(layer: Layer, next: KeyedMarkup[]): void {
    const fresh = next.filter((item) => layer.items.get(item.key)?.markup !== item.markup);
    // Everything new is parsed in one go, in SVG context.
    const scratch = document.createElementNS(SVG_NS, 'svg');
    scratch.innerHTML = fresh.map((item) => item.markup).join('');
    const made = new Map<string, Element>();
    fresh.forEach((item, i) => made.set(item.key, scratch.children[i] as Element));
    const sameOrder = next.length === layer.order.length && next.every((item, i) => item.key === layer.order[i]);
    const items = new Map<string, { element: Element; markup: string }>();
    for (const item of next) {
      const created = made.get(item.key);
      const element = created ?? (layer.items.get(item.key) as { element: Element }).element;
      if (created && sameOrder) layer.items.get(item.key)?.element.replaceWith(created);
      items.set(item.key, { element, markup: item.markup });
    }
    if (!sameOrder) layer.element.replaceChildren(...next.map((item) => (items.get(item.key) as { element: Element }).element));
    layer.items = items;
    layer.order = next.map((item) => item.key);
  }
}
