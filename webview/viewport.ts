import type { Box } from '../core/graph/types';

export interface Transform {
  k: number;
  x: number;
  y: number;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
/** Pixels a pointer may move before a press counts as a drag, not a click. */
const DRAG_THRESHOLD = 4;

/**
 * Pan and zoom of the graph: a translate-and-scale on the SVG's viewport
 * group. The transform outlives re-renders, so an edit never moves the view.
 * Drag pans; Ctrl/Cmd + wheel (and trackpad pinch) zooms at the pointer;
 * plain wheel scrolls.
 */
export class Viewport {
  transform: Transform | undefined;
  private target: SVGGElement | undefined;
  private drag: { id: number; startX: number; startY: number; x: number; y: number; moved: boolean } | undefined;
  /** Set when the last press was a drag, so the click that ends it is ignored. */
  suppressClick = false;
  /** The canvas's size, read once and then kept by a ResizeObserver: reading it anew would force a layout of the drawing. */
  private measured: { width: number; height: number } | undefined;

  /** `onChange` runs when the view moves, zooms or changes size. */
  constructor(private readonly element: HTMLElement, private readonly onChange: () => void) {
    new ResizeObserver(() => {
      const next = { width: element.clientWidth, height: element.clientHeight };
      if (this.measured && next.width === this.measured.width && next.height === this.measured.height) return;
      this.measured = next;
      this.onChange();
    }).observe(element);
    element.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    element.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    element.addEventListener('pointermove', (event) => this.onPointerMove(event));
    element.addEventListener('pointerup', (event) => this.onPointerUp(event));
    element.addEventListener('pointercancel', (event) => this.onPointerUp(event));
  }

  /** Points the viewport at a freshly rendered graph, keeping the current transform. */
  attach(target: SVGGElement): void {
    this.target = target;
    this.apply();
  }

  get size(): { width: number; height: number } {
    this.measured ??= { width: this.element.clientWidth, height: this.element.clientHeight };
    return this.measured;
  }

  /** What the view shows, in graph coordinates; undefined before the first fit. */
  visibleArea(size = this.size): Box | undefined {
    const t = this.transform;
    if (!t) return undefined;
    return { x: -t.x / t.k, y: -t.y / t.k, width: size.width / t.k, height: size.height / t.k };
  }

  /**
   * Shows `bounds` whole and centred, never enlarged past 100%. A graph too
   * large to show whole even at the smallest zoom shows its start (left or
   * top) instead of a slice of its middle.
   */
  fit(bounds: Box, size = this.size, padding = 24): void {
    const { width, height } = size;
    if (width <= 0 || height <= 0 || bounds.width <= 0 || bounds.height <= 0) return;
    const k = clamp(Math.min((width - 2 * padding) / bounds.width, (height - 2 * padding) / bounds.height, 1), MIN_SCALE, MAX_SCALE);
    const place = (room: number, start: number, extent: number): number => (extent * k > room - 2 * padding ? padding - start * k : (room - extent * k) / 2 - start * k);
    this.set({ k, x: place(width, bounds.x, bounds.width), y: place(height, bounds.y, bounds.height) });
  }

  zoomBy(factor: number, centerX = this.size.width / 2, centerY = this.size.height / 2): void {
    const t = this.transform ?? { k: 1, x: 0, y: 0 };
    const k = clamp(t.k * factor, MIN_SCALE, MAX_SCALE);
    const ratio = k / t.k;
    this.set({ k, x: centerX - (centerX - t.x) * ratio, y: centerY - (centerY - t.y) * ratio });
  }

  panBy(dx: number, dy: number): void {
    const t = this.transform ?? { k: 1, x: 0, y: 0 };
    this.set({ k: t.k, x: t.x + dx, y: t.y + dy });
  }

  /** Pans the least needed to bring `box` (graph coordinates) into view. */
  reveal(box: Box, margin = 32): void {
    const t = this.transform;
    if (!t) return;
    const { width, height } = this.size;
    const left = box.x * t.k + t.x;
    const top = box.y * t.k + t.y;
    const right = left + box.width * t.k;
    const bottom = top + box.height * t.k;
    let dx = 0;
    let dy = 0;
    if (right - left > width - 2 * margin || left < margin) dx = margin - left;
    else if (right > width - margin) dx = width - margin - right;
    if (bottom - top > height - 2 * margin || top < margin) dy = margin - top;
    else if (bottom > height - margin) dy = height - margin - bottom;
    if (dx !== 0 || dy !== 0) this.panBy(dx, dy);
  }

  /** Graph coordinates of a box -> page coordinates, for placing the popover. */
  toScreen(box: Box): Box {
    const t = this.transform ?? { k: 1, x: 0, y: 0 };
    const rect = this.element.getBoundingClientRect();
    return { x: rect.left + box.x * t.k + t.x, y: rect.top + box.y * t.k + t.y, width: box.width * t.k, height: box.height * t.k };
  }

  set(transform: Transform): void {
    this.transform = transform;
    this.apply();
    this.onChange();
  }

  private apply(): void {
    const t = this.transform;
    if (this.target && t) this.target.setAttribute('transform', `translate(${t.x.toFixed(2)},${t.y.toFixed(2)}) scale(${t.k.toFixed(4)})`);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? this.size.height : 1;
    if (event.ctrlKey || event.metaKey) {
      const rect = this.element.getBoundingClientRect();
      this.zoomBy(Math.exp(-event.deltaY * unit * 0.0025), event.clientX - rect.left, event.clientY - rect.top);
    } else {
      const dx = event.shiftKey && event.deltaX === 0 ? event.deltaY : event.deltaX;
      const dy = event.shiftKey && event.deltaX === 0 ? 0 : event.deltaY;
      this.panBy(-dx * unit, -dy * unit);
    }
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || this.drag) return;
    const t = this.transform ?? { k: 1, x: 0, y: 0 };
    this.drag = { id: event.pointerId, startX: event.clientX, startY: event.clientY, x: t.x, y: t.y, moved: false };
    this.suppressClick = false;
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!drag.moved) {
      drag.moved = true;
      this.element.setPointerCapture(event.pointerId);
      this.element.classList.add('rf-panning');
    }
    const t = this.transform ?? { k: 1, x: 0, y: 0 };
    this.set({ k: t.k, x: drag.x + dx, y: drag.y + dy });
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.id !== event.pointerId) return;
    this.drag = undefined;
    this.suppressClick = drag.moved;
    this.element.classList.remove('rf-panning');
    if (this.element.hasPointerCapture(event.pointerId)) this.element.releasePointerCapture(event.pointerId);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
