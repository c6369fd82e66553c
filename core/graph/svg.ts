import { describeChange, DIFF_SIGNS, diffSummaryLine, NODE_CHANGE_STATES, type GraphDiff, type NodeChangeState } from './diff';
import { ICON_BODIES, type IconId } from './icons';
import { METRICS } from './layout';
import { graphCss, type Palette } from './style';
import { escapeXml, estimateTextWidth, fitText, type TextMeasure } from './text';
import { NODE_RUN_STATUSES, type Box, type GraphLayout, type NodeRunState, type PlacedEdge, type PlacedNode, type Point } from './types';

export interface SvgOptions {
  /**
   * Embed a stylesheet with these colours and paint the background: for a
   * standalone file. The webview leaves it out; its page styles the graph.
   */
  palette?: Palette;
  /** Run state per node id, drawn as status labels and borders. */
  statuses?: ReadonlyMap<string, NodeRunState>;
  /** Measures text to fit it into cards; defaults to a font-independent estimate that errs wide. */
  measure?: TextMeasure;
  /**
   * Give each node a `<title>` tooltip (default true). The webview leaves
   * them out and sets the tooltip when the pointer reaches a node: thousands
   * of title elements cost more to insert than the cards themselves.
   */
  tooltips?: boolean;
  /** What changed since another version: drawn as coloured borders and marks, ghosts for removed nodes, and a legend. */
  diff?: GraphDiff;
}

const CARD_TEXT_X = 54;
const CARD_RIGHT_PAD = 12;

/** One piece of the drawing with the key it keeps across renders (a node or edge id). */
export interface KeyedMarkup {
  key: string;
  markup: string;
}

/** The drawing in pieces, so that the webview can keep what an edit did not change. */
export interface SvgParts {
  width: number;
  height: number;
  /** Arrow markers and icon symbols. */
  defs: string;
  /** Workflow frames, outermost first. */
  containers: KeyedMarkup[];
  /** Order edges: arrows, forks and joins. */
  edges: KeyedMarkup[];
  /** Steps, entries and folded workflows. */
  cards: KeyedMarkup[];
  /** `${refs}` data edges, drawn on top. */
  data: KeyedMarkup[];
}

/**
 * Draws a laid-out graph as one SVG document. A pure function: every string
 * that comes from the file (refs, summaries, messages) is escaped, so a name
 * carrying markup stays text.
 */
export function renderSvg(layout: GraphLayout, options: SvgOptions = {}): string {
  const parts = renderSvgParts(layout, options);
  const measure = options.measure ?? estimateTextWidth;
  const legend = options.diff ? renderDiffLegend(options.diff, parts.height, measure) : undefined;
  const width = Math.max(parts.width, legend?.width ?? 0);
  const height = parts.height + (legend ? DIFF_LEGEND_HEIGHT : 0);
  const join = (items: KeyedMarkup[]): string => items.map((item) => item.markup).join('');
  const style = options.palette ? `<style>${graphCss(options.palette)}</style><rect class="rf-background" width="${width}" height="${height}" fill="${options.palette.bg}"/>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rf-graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="Release flow graph">` +
    `<defs>${parts.defs}</defs>${style}` +
    `<g class="rf-viewport"><g class="rf-layer-containers">${join(parts.containers)}</g><g class="rf-layer-edges">${join(parts.edges)}</g>` +
    `<g class="rf-layer-cards">${join(parts.cards)}</g><g class="rf-layer-data">${join(parts.data)}</g></g>${legend?.markup ?? ''}</svg>`
  );
}

/** The pieces `renderSvg` joins; `allIcons` puts every icon in the defs, so they stay the same from one render to the next. */
export function renderSvgParts(layout: GraphLayout, options: SvgOptions & { allIcons?: boolean } = {}): SvgParts {
  const scene = renderScene(layout, options);
  const whole = (items: SceneItem[]): KeyedMarkup[] => items.map((item) => ({ key: item.key, markup: item.markup(false) }));
  return { width: scene.width, height: scene.height, defs: scene.defs, containers: whole(scene.containers), edges: whole(scene.edges), cards: whole(scene.cards), data: whole(scene.data) };
}

/**
 * One piece of the drawing whose markup is made only when it is needed: the
 * webview draws only the pieces in view, so a graph of thousands of nodes
 * costs what the screen shows.
 */
export interface SceneItem {
  /** The node or edge id: the same piece keeps its key across renders. */
  key: string;
  /** Where it is drawn, in graph coordinates (an edge: the box around its points). */
  box: Box;
  /**
   * Its markup. `far`: zoomed too far out to read, a card is drawn as its
   * box, tile and marks only (no text, no icons); frames and edges are the same.
   */
  markup(far: boolean): string;
}

/** The drawing as pieces with their places, in paint order within each layer. */
export interface Scene {
  width: number;
  height: number;
  defs: string;
  containers: SceneItem[];
  edges: SceneItem[];
  cards: SceneItem[];
  data: SceneItem[];
}

/** The pieces of a laid-out graph; nothing is drawn until an item's markup is asked for. */
export function renderScene(layout: GraphLayout, options: SvgOptions & { allIcons?: boolean } = {}): Scene {
  const containers: SceneItem[] = [];
  const cards: SceneItem[] = [];
  const measure = options.measure ?? estimateTextWidth;
  const tips = options.tooltips !== false;
  const used = new Set<IconId>(options.allIcons ? (Object.keys(ICON_BODIES) as IconId[]) : ['expand', 'collapse', 'error', 'warning', 'skip-if']);
  for (const placed of layout.nodes) {
    used.add(placed.node.icon);
    const state = options.statuses?.get(placed.node.id);
    const key = placed.node.id;
    const change = options.diff?.changes.get(key);
    const against = options.diff?.against ?? '';
    const diff = (): DrawnChange | undefined => (change ? { state: change.state, lines: describeChange(change, against) } : undefined);
    if (placed.node.type === 'workflow' && !placed.collapsed) containers.push({ key, box: placed.box, markup: () => renderContainer(placed, state, measure, tips, diff()) });
    else cards.push({ key, box: placed.box, markup: (far) => (far ? renderFarCard(placed, state, change?.state) : renderCard(placed, state, measure, tips, diff())) });
  }
  const edges: SceneItem[] = [];
  const data: SceneItem[] = [];
  for (const edge of layout.edges) (edge.edge.type === 'data' ? data : edges).push({ key: edge.edge.id, box: pointsBox(edge.points), markup: () => renderEdge(edge, layout) });
  if (options.statuses) for (const s of NODE_RUN_STATUSES) used.add(`status-${s}`);
  return { width: Math.ceil(layout.width), height: Math.ceil(layout.height), defs: markers() + [...used].map(symbol).join(''), containers, edges, cards, data };
}

/** The box around an edge's points (and a curve's control points, which hold the curve). */
function pointsBox(points: Point[]): Box {
  return boundsOf(points.map((p) => ({ x: p.x, y: p.y, width: 0, height: 0 }))) ?? { x: 0, y: 0, width: 0, height: 0 };
}

function markers(): string {
  const arrow = (id: string, cls: string): string =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path class="${cls}" d="M0,1 L9,5 L0,9 z"/></marker>`;
  return arrow('rf-arrow', 'rf-arrowhead') + arrow('rf-arrow-data', 'rf-arrowhead-data');
}

function symbol(id: IconId): string {
  return `<symbol id="rf-i-${id}" viewBox="0 0 16 16">${ICON_BODIES[id]}</symbol>`;
}

function icon(id: IconId, x: number, y: number, size: number, cls = 'rf-icon'): string {
  return `<use class="${cls}" href="#rf-i-${id}" x="${x}" y="${y}" width="${size}" height="${size}"/>`;
}

/** A node's change since the compared version, as its drawing needs it. */
interface DrawnChange {
  state: NodeChangeState;
  lines: string[];
}

/** Attributes every node group carries: its id for the webview, its name for screen readers. */
function nodeAttributes(placed: PlacedNode, classes: string[], state: NodeRunState | undefined, diff?: DrawnChange): string {
  const { node, box } = placed;
  if (node.errors.length > 0) classes.push('rf-has-error');
  else if (node.warnings.length > 0) classes.push('rf-has-warning');
  if (state) classes.push(`rf-status-${state.status}`);
  if (diff) classes.push(`rf-diff-${diff.state}`);
  const label = `${node.kindTitle} ${node.label}: ${node.summary}${diff ? ` (${diff.state})` : ''}`;
  return `class="${classes.join(' ')}" data-node-id="${escapeXml(node.id)}" transform="translate(${box.x},${box.y})" tabindex="-1" role="button" aria-label="${escapeXml(label)}"`;
}

/** The text of a node's tooltip: name, kind, summary, notes and diagnostics. */
export function tooltipText(placed: PlacedNode, changeLines: readonly string[] = []): string {
  const { node } = placed;
  const lines = [`${node.label} (${node.kindTitle})`, node.summary, ...changeLines, ...node.notes];
  for (const e of node.errors) lines.push(`Error: ${e}`);
  for (const w of node.warnings) lines.push(`Warning: ${w}`);
  if (placed.collapsed) lines.push(`${placed.hidden} nodes hidden: press Space or click the chevron to expand.`);
  return lines.join('\n');
}

function renderCard(placed: PlacedNode, state: NodeRunState | undefined, measure: TextMeasure, tips: boolean, diff?: DrawnChange): string {
  const { node, box } = placed;
  const w = box.width;
  const h = box.height;
  const entry = node.type === 'trigger' || node.type === 'webhook' || node.type === 'teardown';
  const classes = ['rf-node', entry ? 'rf-entry' : node.type === 'workflow' ? 'rf-workflow rf-collapsed' : 'rf-step', `rf-tone-${node.tone}`];
  const parts: string[] = [];
  if (placed.collapsed) {
    // Two sheets peeking out behind the card say "more inside".
    parts.push(`<rect class="rf-stack" x="8" y="8" width="${w}" height="${h}" rx="8"/><rect class="rf-stack" x="4" y="4" width="${w}" height="${h}" rx="8"/>`);
  }
  parts.push(`<rect class="rf-card" width="${w}" height="${h}" rx="${entry ? h / 2 : 8}"/>`);
  const tileX = entry ? 14 : 12;
  parts.push(`<rect class="rf-tile" x="${tileX}" y="${(h - 32) / 2}" width="32" height="32" rx="${entry ? 16 : 7}"/>`);
  parts.push(icon(node.icon, tileX + 7, (h - 18) / 2, 18, 'rf-icon rf-kind-icon'));
  const right = w - CARD_RIGHT_PAD - (placed.collapsed ? 26 : 0) - (entry ? 10 : 0);
  const statusWidth = state ? statusLabelWidth(state, measure) + 8 : 0;
  const summary = placed.collapsed ? `${placed.hidden} hidden · ${node.summary}` : node.summary;
  parts.push(`<text class="rf-title" x="${CARD_TEXT_X}" y="${h / 2 - 4}">${escapeXml(fitText(node.label, right - CARD_TEXT_X - statusWidth, 13, true, measure))}</text>`);
  parts.push(`<text class="rf-summary" x="${CARD_TEXT_X}" y="${h / 2 + 13}">${escapeXml(fitText(summary, right - CARD_TEXT_X - (node.skipWhen ? 16 : 0), 12, false, measure))}</text>`);
  // On the title line: the summary keeps its whole width.
  if (state) parts.push(`<g class="rf-status-slot" transform="translate(${right},${h / 2 - 17})">${renderStatus(state, measure)}</g>`);
  if (node.skipWhen) parts.push(`<g class="rf-skip">${icon('skip-if', right - 12, h / 2 + 3, 12)}</g>`);
  if (placed.collapsed) parts.push(toggle(node.id, w - 32, (h - 22) / 2, false));
  parts.push(badge(node.errors.length, node.warnings.length, w));
  if (diff) parts.push(diffMark(diff.state));
  return `<g ${nodeAttributes(placed, classes, state, diff)}>${tips ? `<title>${escapeXml(tooltipText(placed, diff?.lines))}</title>` : ''}${parts.join('')}</g>`;
}

/** A card too small to read: its box, tile and marks (folds, badge, change), in the classes the full card wears. */
function renderFarCard(placed: PlacedNode, state: NodeRunState | undefined, change: NodeChangeState | undefined): string {
  const { node, box } = placed;
  const w = box.width;
  const h = box.height;
  const entry = node.type === 'trigger' || node.type === 'webhook' || node.type === 'teardown';
  const classes = ['rf-node', 'rf-far-card', entry ? 'rf-entry' : node.type === 'workflow' ? 'rf-workflow rf-collapsed' : 'rf-step', `rf-tone-${node.tone}`];
  const stack = placed.collapsed ? `<rect class="rf-stack" x="8" y="8" width="${w}" height="${h}" rx="8"/><rect class="rf-stack" x="4" y="4" width="${w}" height="${h}" rx="8"/>` : '';
  const tileX = entry ? 14 : 12;
  const marks = badge(node.errors.length, node.warnings.length, w) + (change ? diffMark(change) : '');
  const diff = change ? { state: change, lines: [] } : undefined;
  return `<g ${nodeAttributes(placed, classes, state, diff)}>${stack}<rect class="rf-card" width="${w}" height="${h}" rx="${entry ? h / 2 : 8}"/><rect class="rf-tile" x="${tileX}" y="${(h - 32) / 2}" width="32" height="32" rx="${entry ? 16 : 7}"/>${marks}</g>`;
}

function renderContainer(placed: PlacedNode, state: NodeRunState | undefined, measure: TextMeasure, tips: boolean, diff?: DrawnChange): string {
  const { node, box } = placed;
  const w = box.width;
  const root = node.parent === undefined;
  const classes = ['rf-node', 'rf-workflow', `rf-workflow-${node.workflowType ?? 'untyped'}`, `rf-tone-${node.tone}`];
  const parts: string[] = [`<rect class="rf-frame${root ? ' rf-frame-root' : ''}" width="${w}" height="${box.height}" rx="10"/>`];
  parts.push(icon(node.icon, 12, 11, 16, 'rf-icon rf-kind-icon'));
  // The title bar's right end, from the right: fold toggle, skip marker, run status.
  const hasToggle = node.children.length > 0;
  const skipX = w - (hasToggle ? 54 : 26);
  const statusRight = node.skipWhen ? skipX - 6 : w - (hasToggle ? 40 : 14);
  const statusWidth = state ? statusLabelWidth(state, measure) + 12 : 0;
  const available = statusRight - statusWidth - 36 - 8;
  const title = fitText(node.label, available, 13, true, measure);
  const rest = available - measure(title, 13, true) - 10;
  const summary = rest > 40 ? `<tspan class="rf-wf-summary" dx="10">${escapeXml(fitText(node.summary, rest, 12, false, measure))}</tspan>` : '';
  parts.push(`<text class="rf-wf-title" x="36" y="24">${escapeXml(title)}${summary}</text>`);
  if (state) parts.push(`<g class="rf-status-slot" transform="translate(${statusRight},10)">${renderStatus(state, measure)}</g>`);
  if (hasToggle) parts.push(toggle(node.id, w - 32, 8, true));
  else parts.push(`<text class="rf-empty" x="${w / 2}" y="${METRICS.header + METRICS.emptyHeight / 2 + 4}" text-anchor="middle">No steps</text>`);
  if (node.skipWhen) parts.push(`<g class="rf-skip">${icon('skip-if', skipX, 13, 12)}</g>`);
  parts.push(badge(node.errors.length, node.warnings.length, w));
  if (diff) parts.push(diffMark(diff.state));
  return `<g ${nodeAttributes(placed, classes, state, diff)}>${tips ? `<title>${escapeXml(tooltipText(placed, diff?.lines))}</title>` : ''}${parts.join('')}</g>`;
}

function diffMark(state: NodeChangeState): string {
  return `<g class="rf-diff-mark" transform="translate(2,2)"><circle r="9"/><text text-anchor="middle" y="4">${DIFF_SIGNS[state]}</text></g>`;
}

const DIFF_LEGEND_HEIGHT = 34;

/** A row under the graph: what each mark means and how many nodes carry it. */
function renderDiffLegend(diff: GraphDiff, top: number, measure: TextMeasure): { markup: string; width: number } {
  const items: string[] = [];
  let x = 16;
  const title = `${diffSummaryLine(diff)}:`;
  items.push(`<text class="rf-legend-title" x="${x}" y="21">${escapeXml(title)}</text>`);
  x += measure(title, 12, true) + 14;
  for (const state of NODE_CHANGE_STATES) {
    const label = `${state} (${diff.counts[state]})`;
    items.push(`<g class="rf-diff-${state} rf-legend-item" transform="translate(${x + 9},17)">${diffMark(state).replace('translate(2,2)', 'translate(0,0)')}<text x="14" y="4">${label}</text></g>`);
    x += 9 + 14 + measure(label, 12, false) + 18;
  }
  return { markup: `<g class="rf-diff-legend" transform="translate(0,${top})">${items.join('')}</g>`, width: Math.ceil(x) };
}

function toggle(id: string, x: number, y: number, open: boolean): string {
  return `<g class="rf-toggle" data-toggle="${escapeXml(id)}" transform="translate(${x},${y})" aria-label="${open ? 'Collapse' : 'Expand'}" role="button"><rect width="22" height="22" rx="4"/>${icon(open ? 'collapse' : 'expand', 3, 3, 16)}</g>`;
}

function badge(errors: number, warnings: number, width: number): string {
  if (errors === 0 && warnings === 0) return '';
  const kind = errors > 0 ? 'error' : 'warning';
  const count = errors > 0 ? errors : warnings;
  const label = count > 99 ? '99+' : String(count);
  return `<g class="rf-badge rf-badge-${kind}" transform="translate(${width - 2},2)"><circle r="${label.length > 1 ? 10 : 9}"/><text text-anchor="middle" y="3.5">${label}</text></g>`;
}

/** The word for each run status, on cards and in the details popover. */
export const STATUS_LABELS: Record<NodeRunState['status'], string> = {
  pending: 'Pending',
  running: 'Running',
  waiting: 'Waiting',
  retrying: 'Retrying',
  approval_wait: 'Awaiting approval',
  async_wait: 'Waiting',
  success: 'Succeeded',
  failure: 'Failed',
  skipped: 'Skipped',
  aborting: 'Aborting',
  aborted: 'Aborted',
};

function statusLabel(state: NodeRunState): string {
  let label = STATUS_LABELS[state.status] ?? String(state.status);
  // The attempt matters while retrying, and for a failure after retries; the popover has the rest.
  const of = state.maxAttempts === undefined ? '' : `/${state.maxAttempts}`;
  if (state.status === 'retrying' && state.attempt !== undefined) label = `Retry ${state.attempt}${of}`;
  else if (state.status === 'failure' && state.attempt !== undefined && state.attempt > 1) label = `Failed ${state.attempt}${of}`;
  return label;
}

function statusLabelWidth(state: NodeRunState, measure: TextMeasure): number {
  return measure(statusLabel(state), 11, true) + 18;
}

/**
 * The status of a node during a run, right-aligned at the origin: an icon and
 * a word ("Running", "Retry 2/3"). The webview draws it with this same
 * function when a run reports progress.
 */
export function renderStatus(state: NodeRunState, measure: TextMeasure = estimateTextWidth): string {
  const label = statusLabel(state);
  const width = measure(label, 11, true);
  // The icon sits in its own group at the origin so that spinning it turns it in place.
  return `<g transform="translate(${(-width - 18).toFixed(1)},2)">${icon(`status-${state.status}`, 0, 0, 14, 'rf-status-icon')}</g><text class="rf-status-text" x="0" y="13" text-anchor="end">${escapeXml(label)}</text>`;
}

function renderEdge(placed: PlacedEdge, layout: GraphLayout): string {
  const { edge } = placed;
  const d = placed.curve ? curvePath(placed.points) : roundedPath(placed.points, 8);
  const marker = placed.arrow ? ` marker-end="url(#${edge.type === 'data' ? 'rf-arrow-data' : 'rf-arrow'})"` : '';
  const title = edge.type === 'data' ? `<title>${escapeXml(`${nameOf(layout, edge.from)} -> ${nameOf(layout, edge.to)}: reads ${edge.label ?? ''}`)}</title>` : '';
  return `<path class="rf-edge rf-edge-${edge.type}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" d="${d}"${marker}>${title}</path>`;
}

function nameOf(layout: GraphLayout, id: string): string {
  return layout.graph.byId.get(id)?.label ?? id;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** A polyline whose corners are rounded with radius `r` (less where segments are short). */
export function roundedPath(points: Point[], r: number): string {
  const first = points[0];
  if (!first) return '';
  let d = `M${round(first.x)},${round(first.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1] as Point;
    const p = points[i] as Point;
    const next = points[i + 1] as Point;
    const inLen = Math.hypot(p.x - prev.x, p.y - prev.y);
    const outLen = Math.hypot(next.x - p.x, next.y - p.y);
    const radius = Math.min(r, inLen / 2, outLen / 2);
    if (radius < 0.5) {
      d += ` L${round(p.x)},${round(p.y)}`;
      continue;
    }
    const a = { x: p.x - ((p.x - prev.x) / inLen) * radius, y: p.y - ((p.y - prev.y) / inLen) * radius };
    const b = { x: p.x + ((next.x - p.x) / outLen) * radius, y: p.y + ((next.y - p.y) / outLen) * radius };
    d += ` L${round(a.x)},${round(a.y)} Q${round(p.x)},${round(p.y)} ${round(b.x)},${round(b.y)}`;
  }
  const last = points[points.length - 1] as Point;
  if (points.length > 1) d += ` L${round(last.x)},${round(last.y)}`;
  return d;
}

function curvePath(points: Point[]): string {
  const [s, c1, c2, e] = points as [Point, Point, Point, Point];
  return `M${round(s.x)},${round(s.y)} C${round(c1.x)},${round(c1.y)} ${round(c2.x)},${round(c2.y)} ${round(e.x)},${round(e.y)}`;
}

/** The union of boxes, for fitting a view to a set of nodes. */
export function boundsOf(boxes: Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
