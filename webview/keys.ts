import type { ExportFormat } from '../core/graph/messages';
import type { Direction } from '../core/graph/navigate';

/** What the keyboard can ask of the graph view. */
export interface KeyTarget {
  move(direction: Direction | 'first'): void;
  /** Enter: show the selected node in the editor, and its details. */
  activate(): void;
  /** Space: fold or unfold the selected workflow. */
  toggleSelected(): void;
  closePopover(): void;
  zoom(factor: number): void;
  fit(): void;
  toggleDataEdges(): void;
  toggleDirection(): void;
  expandAll(): void;
  collapseAll(): void;
  exportAs(format: ExportFormat): Promise<void>;
}

const DIRECTIONS: Record<string, Direction | 'first'> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down', Home: 'first' };

/** Key (lower case) -> action; the toolbar's tooltips name the same keys. */
const SHORTCUTS: Record<string, (target: KeyTarget) => void> = {
  enter: (t) => t.activate(),
  ' ': (t) => t.toggleSelected(),
  escape: (t) => t.closePopover(),
  '+': (t) => t.zoom(1.25),
  '=': (t) => t.zoom(1.25),
  '-': (t) => t.zoom(0.8),
  _: (t) => t.zoom(0.8),
  f: (t) => t.fit(),
  '0': (t) => t.fit(),
  d: (t) => t.toggleDataEdges(),
  r: (t) => t.toggleDirection(),
  e: (t) => t.expandAll(),
  c: (t) => t.collapseAll(),
  s: (t) => void t.exportAs('svg'),
  p: (t) => void t.exportAs('png'),
};

/** Handles a key pressed on the graph canvas; modified keys are left to the editor. */
export function handleKey(event: KeyboardEvent, target: KeyTarget): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const direction = DIRECTIONS[event.key];
  const action = SHORTCUTS[event.key.toLowerCase()];
  if (direction) target.move(direction);
  else if (action) action(target);
  else return;
  event.preventDefault();
}
