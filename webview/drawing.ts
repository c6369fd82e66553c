import type { Scene, SceneItem } from '../core/graph/svg';
import type { Box } from '../core/graph/types';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LAYERS = ['containers', 'edges', 'cards', 'data'] as const;
type LayerName = (typeof LAYERS)[number];

/** An element on the page, with the markup it was made from and the scene and level of detail that markup is current for. */
interface Drawn {
  element: Element;
  markup: string;
  scene: number;
  far: boolean;
}

interface Layer {
  element: SVGGElement;
  items: Map<string, Drawn>;
}

/**
 * How much more than the visible area is kept on the page, as a share of the
 * visible width and height on each side: a short pan changes nothing, and a
 * card is on the page before it scrolls into view.
 */
const MARGIN = 0.25;

/**
 * Keeps on the page only the pieces of the scene that are in (or near) view,
 * and updates them in place. A piece whose markup is unchanged keeps its
 * element, so an edit that touches one node replaces one element, and the
 * browser restyles and repaints only that; panning adds what comes into view
 * and removes what left it. Markup is made only for pieces that are drawn.
 */
export class Drawing {
  root: SVGSVGElement | undefined;
  private scene: Scene | undefined;
  /** Counts scenes: a drawn piece is current when its `scene` is this. */
  private sceneNumber = 0;
  private far = false;
  /** The area (graph coordinates) whose pieces are on the page. */
  private covered: Box | undefined;
  /** The area last shown. */
  private view: Box | undefined;
  private defs = '';
  private readonly layers = new Map<LayerName, Layer>();
  /** Classes that mark one piece at a time (selection, the editor's cursor): class -> key. */
  private readonly marks = new Map<string, string>();

  constructor(private readonly host: HTMLElement) {}

  /** Takes the drawing off the page; the next draw starts afresh. */
  clear(): void {
    this.root?.remove();
    this.root = undefined;
    this.scene = undefined;
    this.covered = undefined;
    this.view = undefined;
    this.defs = '';
    this.layers.clear();
  }

  /** Draws a new scene: the pieces near `view` (graph coordinates), `far` for cards too small to read. */
  draw(scene: Scene, view: Box, far: boolean): SVGSVGElement {
    const first = !this.root;
    const root = this.root ?? this.create();
    if (scene.defs !== this.defs) {
      (root.querySelector(':scope > defs') as SVGDefsElement).innerHTML = scene.defs;
      this.defs = scene.defs;
    }
    this.scene = scene;
    this.sceneNumber++;
    if (!first) {
      this.sync(view, far, MARGIN);
      return root;
    }
    // The first picture shows sooner with only what is in view; the margin around it follows once it is painted.
    this.sync(view, far, 0);
    const drawn = this.sceneNumber;
    requestAnimationFrame(() => setTimeout(() => {
      if (this.sceneNumber === drawn && this.view) this.sync(this.view, this.far, MARGIN);
    }, 0));
    return root;
  }

  /** The view moved or changed size: brings in what came near it and takes out what went away. */
  show(view: Box, far: boolean): void {
    if (!this.scene) return;
    this.view = view;
    if (far === this.far && this.covered && contains(this.covered, view)) return;
    this.sync(view, far, MARGIN);
  }

  /** The element of a piece, when it is on the page. */
  element(key: string): Element | undefined {
    for (const layer of this.layers.values()) {
      const drawn = layer.items.get(key);
      if (drawn) return drawn.element;
    }
    return undefined;
  }

  /** Puts `cls` on the piece `key` (and takes it off the one that had it); pieces drawn later get it too. */
  mark(cls: string, key: string | undefined): void {
    const old = this.marks.get(cls);
    if (old !== undefined) this.element(old)?.classList.remove(cls);
    if (key === undefined) this.marks.delete(cls);
    else {
      this.marks.set(cls, key);
      this.element(key)?.classList.add(cls);
    }
  }

  /** How many pieces of each layer are on the page (tests and the benchmark read it). */
  get counts(): Record<LayerName, number> {
    return Object.fromEntries(LAYERS.map((name) => [name, this.layers.get(name)?.items.size ?? 0])) as Record<LayerName, number>;
  }

  private create(): SVGSVGElement {
    this.host.insertAdjacentHTML(
      'beforeend',
      `<svg xmlns="${SVG_NS}" class="rf-graph" role="group" aria-label="Release flow graph"><defs></defs><g class="rf-viewport">` +
        LAYERS.map((name) => `<g class="rf-layer-${name}"></g>`).join('') +
        '</g></svg>',
    );
    const root = this.host.lastElementChild as SVGSVGElement;
    this.root = root;
    for (const name of LAYERS) this.layers.set(name, { element: root.querySelector(`.rf-layer-${name}`) as SVGGElement, items: new Map() });
    return root;
  }

  private sync(view: Box, far: boolean, margin: number): void {
    const scene = this.scene as Scene;
    const covered = { x: view.x - view.width * margin, y: view.y - view.height * margin, width: view.width * (1 + 2 * margin), height: view.height * (1 + 2 * margin) };
    this.view = view;
    this.covered = covered;
    this.far = far;
    for (const name of LAYERS) this.syncLayer(this.layers.get(name) as Layer, scene[name].filter((item) => overlaps(item.box, covered)), far);
  }

  private syncLayer(layer: Layer, next: SceneItem[], far: boolean): void {
    const fresh: { item: SceneItem; markup: string }[] = [];
    const items = new Map<string, Drawn>();
    for (const item of next) {
      const drawn = layer.items.get(item.key);
      if (drawn && drawn.scene === this.sceneNumber && drawn.far === far) {
        items.set(item.key, drawn);
        continue;
      }
      const markup = item.markup(far);
      if (drawn && drawn.markup === markup) {
        // Kept from an earlier scene: its tooltip (made on hover) may tell old news, so it is made again when asked for.
        if (drawn.scene !== this.sceneNumber && drawn.element.firstElementChild?.localName === 'title') drawn.element.firstElementChild.remove();
        items.set(item.key, { ...drawn, scene: this.sceneNumber, far });
      } else fresh.push({ item, markup });
    }
    if (fresh.length > 0) {
      // Everything new is parsed in one go, in SVG context; into the layer itself when it is empty (a first picture).
      const empty = layer.items.size === 0;
      const parent = empty ? layer.element : document.createElementNS(SVG_NS, 'svg');
      parent.innerHTML = fresh.map((f) => f.markup).join('');
      const made = Array.from(parent.children);
      fresh.forEach((f, i) => items.set(f.item.key, { element: made[i] as Element, markup: f.markup, scene: this.sceneNumber, far }));
      for (const [cls, key] of this.marks) if (fresh.some((f) => f.item.key === key)) items.get(key)?.element.classList.add(cls);
      if (empty) {
        layer.items = items;
        return;
      }
    }
    // Only what changed moves: a kept element stays where it is (re-inserting it would drop keyboard focus from it).
    for (const [key, drawn] of layer.items) if (items.get(key)?.element !== drawn.element) drawn.element.remove();
    let cursor = layer.element.firstElementChild;
    for (const item of next) {
      const element = (items.get(item.key) as Drawn).element;
      if (element === cursor) cursor = cursor.nextElementSibling;
      else layer.element.insertBefore(element, cursor);
    }
    layer.items = items;
  }
}

function overlaps(a: Box, b: Box): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

function contains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}
