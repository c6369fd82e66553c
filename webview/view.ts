import { buildGraph, dataEdges, flowNodeId, graphDiagnosticsOf, triggerId, type GraphDiagnostic } from '../core/graph/build';
import { arrangeGraph } from '../core/graph/arrange';
import { layoutExtent, type LayoutDirection } from '../core/graph/layout';
import type { BaselineMessage, CursorMessage, ExportFormat, RunStatusMessage, UpdateMessage, WebviewDiagnostic } from '../core/graph/messages';
import { decodeGraph } from '../core/graph/wire';
import { describeChange, DIFF_SIGNS, diffGraph, diffSummaryLine, NODE_CHANGE_STATES, type GraphDiff } from '../core/graph/diff';
import { neighbour, firstNode, type Direction } from '../core/graph/navigate';
import { applyRunEvents, describeRun, emptyRunOverlay } from '../core/graph/runOverlay';
import { boundsOf, renderScene, renderSvg, tooltipText } from '../core/graph/svg';
import type { TextMeasure } from '../core/graph/text';
import { visibleAncestor } from '../core/graph/tree';
import type { FlowGraph, GraphEdge, GraphLayout, PlacedNode } from '../core/graph/types';
import type { FlowModel } from '../core/document/model';
import { nodeAtOffset } from '../core/document/order';
import { updateFlow } from '../core/document/incremental';
import { addExpressions, parseFlow } from '../core/document/parse';
import { pastAnalysisLimits } from '../core/validation/limits';
import { Drawing } from './drawing';
import { handleKey, type KeyTarget } from './keys';
import { currentPalette, download, svgToPng } from './exporter';
import type { Host } from './host';
import { Popover } from './popover';
import { Viewport, type Transform } from './viewport';

/** Below this zoom, cards are drawn without their text (see updateDetailLevel). */
const FAR_SCALE = 0.4;

/** What survives the panel being hidden and shown again (VS Code keeps it with setState). */
interface SavedState {
  transform?: Transform;
  collapsed?: string[];
  dataEdges?: boolean;
  selected?: string;
  direction?: LayoutDirection;
}

export interface ViewElements {
  canvas: HTMLElement;
  banner: HTMLElement;
  info: HTMLElement;
  popover: HTMLElement;
  dataButton: HTMLElement | null;
  /** The strip under the toolbar that explains the comparison's marks. */
  legend?: HTMLElement | null;
}

/** Timings of one render, reported in the `rf-rendered` event (the benchmark reads them). */
export interface RenderTimings {
  version: number;
  nodes: number;
  /** The text to a model: parseFlow, or the incremental update from the last version. */
  parseMs: number;
  /** The model to the graph (and the comparison, when comparing). */
  graphMs: number;
  layoutMs: number;
  /** The scene: the pieces and their places (their markup is made when they are drawn). */
  svgMs: number;
  /** Markup and elements of the pieces in or near view, and the marks on them. */
  domMs: number;
}

/** Where the time of the steps before layout went. */
interface ModelTimings {
  parseMs: number;
  graphMs: number;
}

const NO_MODEL_WORK: ModelTimings = { parseMs: 0, graphMs: 0 };

/**
 * The interactive graph: turns `update` messages into a drawing, keeps the
 * last good graph while the JSON is broken, and handles selection, keyboard,
 * folding, run status and export.
 */
export class GraphView implements KeyTarget {
  private model: FlowModel | undefined;
  /** The model of the last text received, valid JSON or not: the next update is derived from it. */
  private parsed: FlowModel | undefined;
  private graph: FlowGraph | undefined;
  private layout: GraphLayout | undefined;
  /** The layout's nodes by id: what is drawn (or would be, once in view), and where. */
  private placed = new Map<string, PlacedNode>();
  private version = -1;
  private fileName = 'release-flow';
  private overlay = emptyRunOverlay();
  /** The version compared with, parsed once; undefined when not comparing. */
  private baseline: { label: string; model: FlowModel } | undefined;
  private diff: GraphDiff | undefined;
  /** The last graph built from the document, before any comparison: kept so that a new baseline needs no new parse. */
  private liveGraph: FlowGraph | undefined;
  /** The diagnostics of the last update, where they are in the document. */
  private diagnostics: GraphDiagnostic[] = [];
  /**
   * Whether `liveGraph` has its data edges. They are found only while they are
   * shown: reading every expression is much of a large flow's first render.
   */
  private hasDataEdges = false;
  /** The model's data edges, found for a node's details while they are not shown. */
  private readsOf: { model: FlowModel; edges: GraphEdge[] } | undefined;
  private collapsed = new Set<string>();
  private dataEdges = false;
  /** Chosen on the first render to suit the panel's shape, then kept (or switched by the user). */
  private direction: LayoutDirection | undefined;
  private selected: string | undefined;
  private cursorNode: string | undefined;
  private renderToken = 0;
  /** The last parse was a first one, without expressions: completeExpressions reads them. */
  private expressionsPending = false;
  /**
   * The text of a graph the host built (an update with `graph`), not parsed here yet: ensureModel parses it
   * in idle time, or as soon as something needs the model.
   */
  private unparsed: { text: string; diagnostics: WebviewDiagnostic[] } | undefined;
  /** The cursor's last move while the text was unparsed: followed once it is. */
  private deferredCursor: CursorMessage | undefined;
  private readonly viewport: Viewport;
  private readonly popover: Popover;
  private readonly drawing: Drawing;

  constructor(private readonly ui: ViewElements, private readonly host: Host, private readonly measure: TextMeasure) {
    const saved = (host.getState() ?? {}) as SavedState;
    this.collapsed = new Set(saved.collapsed ?? []);
    this.dataEdges = saved.dataEdges === true;
    this.selected = saved.selected;
    this.direction = saved.direction;
    this.viewport = new Viewport(ui.canvas, () => {
      // A graph drawn while the panel had no size was not fitted: fitted now that it has one, which draws it.
      if (!this.viewport.transform && this.layout) {
        this.fit();
        return;
      }
      this.updateDetailLevel();
      this.showVisible();
      this.save();
    });
    this.viewport.transform = saved.transform;
    this.popover = new Popover(ui.popover, () => ui.canvas.focus(), this.host.embedded ? (nodeId, decision) => this.host.post({ type: 'decideApproval', nodeId, decision }) : undefined);
    this.drawing = new Drawing(ui.canvas);
    ui.canvas.addEventListener('click', (event) => this.onClick(event));
    ui.canvas.addEventListener('dblclick', (event) => this.onDoubleClick(event));
    ui.canvas.addEventListener('keydown', (event) => handleKey(event, this));
    ui.canvas.addEventListener('pointerover', (event) => this.addTooltip(event));
    this.ui.dataButton?.setAttribute('aria-pressed', String(this.dataEdges));
  }

  update(message: UpdateMessage): void {
    const started = performance.now();
    // The first picture of a large flow drawn from the host's graph: the page's own parse (the largest part of
    // a first render) waits for idle time. Anything the host's graph cannot show (a comparison, data edges
    // left on) needs the page's model at once.
    const hosted = !this.parsed && !this.unparsed && message.graph !== undefined && !this.baseline && !this.dataEdges ? decodeGraph(message.graph) : undefined;
    if (hosted) {
      this.drawHostGraph(message, hosted.graph, hosted.dataEdges, started);
      return;
    }
    this.ensureModel();
    // Derived from the last version (core/document/incremental.ts): a keystroke in a 5,000-node flow reparses
    // one value, not 2.5 MB. That takes over the last model, which is replaced below unless the new text is
    // broken; an update that would not be exact is a full parse and leaves the last model as it was.
    let model: FlowModel;
    if (this.parsed) {
      this.completeExpressions();
      model = updateFlow(this.parsed, message.text).model;
    } else {
      // The first picture needs the nodes, not the `${…}` expressions (about a third of a large flow's parse):
      // they are read after it is painted, or sooner if something needs them.
      model = parseFlow(message.text, { expressions: false });
      document.body.dataset.firstPicture = 'page';
      this.expressionsPending = true;
      whenIdle(() => this.completeExpressions());
    }
    this.parsed = model;
    this.takeVersion(message);
    const past = pastAnalysisLimits(model, message.maxFileSize);
    if (past !== undefined && !model.syntaxIssues.some((i) => i.code === 'json-too-deep')) {
      // Past the limits validation keeps to, the graph is not drawn either: laying it out would stall the page.
      this.graph = undefined;
      this.model = undefined;
      this.renderToken++; // a render still going must not draw the old graph back
      this.drawing.clear();
      this.layout = undefined;
      this.placed.clear();
      this.hideBanner();
      this.showEmpty(`No graph: ${past}.`);
      this.signal({ version: message.version, nodes: 0, parseMs: performance.now() - started, graphMs: 0, layoutMs: 0, svgMs: 0, domMs: 0 });
      return;
    }
    const issue = model.syntaxIssues[0];
    if (issue) {
      const at = model.lines.positionAt(issue.span.start);
      const where = `line ${at.line + 1}, column ${at.character + 1}`;
      const kept = this.graph ? ' The graph shows the last valid version.' : '';
      this.showBanner('error', `The JSON has an error at ${where}: ${issue.message}${kept}`);
      this.ui.canvas.classList.toggle('rf-stale', this.graph !== undefined);
      // Nothing to keep yet: draw whatever parsed, so the panel is not empty while the file is being fixed.
      if (this.graph || !model.rootNode) {
        if (!this.graph) this.showEmpty('No graph: the file is not valid JSON yet.');
        this.signal({ version: message.version, nodes: this.graph?.nodes.length ?? 0, parseMs: performance.now() - started, graphMs: 0, layoutMs: 0, svgMs: 0, domMs: 0 });
        return;
      }
    } else {
      this.hideBanner();
      this.ui.canvas.classList.remove('rf-stale');
    }
    const parsed = performance.now();
    this.model = model;
    this.diagnostics = graphDiagnosticsOf(model, message.diagnostics);
    this.buildLiveGraph();
    this.applyBaseline();
    this.render({ parseMs: parsed - started, graphMs: performance.now() - parsed });
  }

  private drawHostGraph(message: UpdateMessage, graph: FlowGraph, withDataEdges: boolean, started: number): void {
    this.unparsed = { text: message.text, diagnostics: message.diagnostics };
    this.takeVersion(message);
    // Where the first picture came from (the host's graph, or the page's parse), for whoever checks the path end to end (test/e2e).
    document.body.dataset.firstPicture = 'host';
    this.hideBanner();
    this.ui.canvas.classList.remove('rf-stale');
    this.liveGraph = graph;
    this.hasDataEdges = withDataEdges;
    this.applyBaseline();
    this.render({ parseMs: 0, graphMs: performance.now() - started });
    whenIdle(() => this.ensureModel());
  }

  private takeVersion(message: UpdateMessage): void {
    this.version = message.version;
    if (message.fileName) this.fileName = message.fileName.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  }

  /** Parses the text of a graph drawn from the host's (drawHostGraph): the model that edits, the cursor and details need. */
  private ensureModel(): void {
    const pending = this.unparsed;
    if (!pending) return;
    this.unparsed = undefined;
    // In two idle tasks rather than one long one: the expressions come next (completeExpressions).
    const model = parseFlow(pending.text, { expressions: false });
    this.expressionsPending = true;
    whenIdle(() => this.completeExpressions());
    this.parsed = model;
    this.model = model;
    this.diagnostics = graphDiagnosticsOf(model, pending.diagnostics);
    const cursor = this.deferredCursor;
    this.deferredCursor = undefined;
    if (cursor) this.cursor(cursor);
  }

  /** Reads the expressions a first parse left out (update), before anything reads them or derives from them. */
  private completeExpressions(): void {
    if (!this.expressionsPending || !this.parsed) return;
    this.expressionsPending = false;
    addExpressions(this.parsed);
  }

  private buildLiveGraph(): void {
    this.ensureModel();
    if (!this.model) return;
    if (this.dataEdges) this.completeExpressions();
    this.liveGraph = buildGraph(this.model, this.diagnostics, { dataEdges: this.dataEdges });
    this.hasDataEdges = this.dataEdges;
  }

  /** Compares from now on with the version sent, or stops comparing. */
  setBaseline(message: BaselineMessage): void {
    if (message.error !== undefined) this.showBanner('error', message.error);
    this.baseline = message.text === undefined ? undefined : { label: message.label ?? 'the other version', model: parseFlow(message.text) };
    if (!this.liveGraph) return;
    this.applyBaseline();
    this.render();
  }

  private applyBaseline(): void {
    if (!this.liveGraph) return;
    if (this.baseline) {
      this.ensureModel();
      if (!this.model) return;
      const compared = diffGraph({ model: this.model, graph: this.liveGraph }, this.baseline.model, this.baseline.label);
      this.graph = compared.graph;
      this.diff = compared.diff;
    } else {
      this.graph = this.liveGraph;
      this.diff = undefined;
    }
    this.updateLegend();
  }

  private updateLegend(): void {
    const legend = this.ui.legend;
    if (!legend) return;
    const diff = this.diff;
    legend.hidden = diff === undefined;
    if (!diff) {
      legend.replaceChildren();
      return;
    }
    const title = document.createElement('span');
    title.className = 'rf-legend-title';
    title.textContent = diffSummaryLine(diff);
    const items = NODE_CHANGE_STATES.map((state) => {
      const item = document.createElement('span');
      item.className = `rf-legend-item rf-legend-${state}`;
      const sign = document.createElement('span');
      sign.className = 'rf-legend-sign';
      sign.textContent = DIFF_SIGNS[state];
      item.append(sign, `${state} (${diff.counts[state]})`);
      return item;
    });
    legend.replaceChildren(title, ...items);
  }

  runStatus(message: RunStatusMessage): void {
    applyRunEvents(this.overlay, message.events, this.graph);
    if (this.graph) this.render();
  }

  cursor(message: CursorMessage): void {
    // Parsing now would hold back the first picture's paint: the cursor is followed once the text is parsed.
    if (this.unparsed) {
      this.deferredCursor = message;
      return;
    }
    if (!this.model || !this.graph) return;
    const offset = this.model.lines.offsetAt(message.position);
    const node = nodeAtOffset(this.model, offset);
    const trigger = node ? undefined : this.model.triggers.find((t) => offset >= t.span.start && offset < t.span.end);
    const id = node ? flowNodeId(node) : trigger ? triggerId(trigger) : undefined;
    this.cursorNode = id === undefined ? undefined : visibleAncestor(this.graph, id, (x) => this.placed.has(x));
    this.drawing.mark('rf-cursor', this.cursorNode);
    // Brought into view, which draws it if it was off screen.
    const placed = this.cursorNode === undefined ? undefined : this.placed.get(this.cursorNode);
    if (placed) this.viewport.reveal(placed.box);
  }

  async exportAs(format: ExportFormat): Promise<void> {
    if (!this.layout) return;
    const svg = renderSvg(this.layout, { palette: currentPalette(), statuses: this.overlay.nodes, measure: this.measure, ...(this.diff ? { diff: this.diff } : {}) });
    const data = format === 'svg' ? svg : await svgToPng(svg, this.layout.width, this.layout.height);
    const fileName = `${this.fileName}.${format}`;
    if (this.host.embedded) this.host.post({ type: 'export', format, data, fileName });
    else download(format, data, fileName);
  }

  fit(): void {
    const bounds = this.layout ? boundsOf(this.layout.nodes.map((n) => n.box)) : undefined;
    if (bounds) this.viewport.fit(bounds);
  }

  zoom(factor: number): void {
    this.viewport.zoomBy(factor);
  }

  toggleDataEdges(): void {
    this.dataEdges = !this.dataEdges;
    this.ui.dataButton?.setAttribute('aria-pressed', String(this.dataEdges));
    if (this.dataEdges && !this.hasDataEdges) {
      this.buildLiveGraph();
      this.applyBaseline();
    }
    this.rerender();
  }

  toggleDirection(): void {
    this.direction = this.direction === 'down' ? 'right' : 'down';
    this.rerender();
    this.fit();
  }

  expandAll(): void {
    this.collapsed.clear();
    this.rerender();
  }

  /** Folds every workflow below the root, so the top-level stages read at a glance. */
  collapseAll(): void {
    for (const node of this.graph?.nodes ?? []) if (node.type === 'workflow' && node.parent !== undefined && node.children.length > 0) this.collapsed.add(node.id);
    this.rerender();
  }

  toggle(id: string): void {
    if (this.collapsed.has(id)) this.collapsed.delete(id);
    else this.collapsed.add(id);
    this.select(id, false);
    this.rerender();
  }

  private rerender(): void {
    if (this.graph) this.render();
    this.save();
  }

  /** Renders the current graph; a render overtaken by a newer one (elkjs is asynchronous) is dropped. */
  private render(before: ModelTimings = NO_MODEL_WORK): void {
    const token = ++this.renderToken;
    void this.renderAsync(before, token).catch((error: unknown) => {
      this.showBanner('error', `The graph could not be drawn: ${(error as Error).message}`);
    });
  }

  private async renderAsync(before: ModelTimings, token: number): Promise<void> {
    const graph = this.graph as FlowGraph;
    const t0 = performance.now();
    const options = { collapsed: this.collapsed, dataEdges: this.dataEdges };
    if (this.direction === undefined) {
      // First view: whichever direction shows the graph larger in this panel (measured only, not laid out twice).
      const right = layoutExtent(graph, { ...options, direction: 'right' });
      const down = layoutExtent(graph, { ...options, direction: 'down' });
      const { width, height } = this.viewport.size;
      // Fitting never enlarges past 100%, so two directions that both fit are equally good: keep the default.
      const scale = (l: { width: number; height: number }): number => Math.min(1, width / l.width, height / l.height);
      this.direction = scale(down) > scale(right) * 1.1 ? 'down' : 'right';
    }
    const layout = await arrangeGraph(graph, { ...options, direction: this.direction });
    if (token !== this.renderToken) return;
    const t1 = performance.now();
    // Markup is made for the pieces in view only (webview/drawing.ts); the export draws the whole graph (exportAs).
    const scene = renderScene(layout, { statuses: this.overlay.nodes, measure: this.measure, tooltips: false, allIcons: true, ...(this.diff ? { diff: this.diff } : {}) });
    const t2 = performance.now();
    const canvas = this.ui.canvas;
    // Replacing the drawing drops keyboard focus with it; give it back to the same node.
    const hadFocus = canvas.contains(document.activeElement);
    const size = this.viewport.size;
    canvas.querySelector(':scope > .rf-empty-state')?.remove();
    this.layout = layout;
    this.placed = new Map(layout.nodes.map((n) => [n.node.id, n]));
    if (this.selected !== undefined && !this.placed.has(this.selected)) this.selected = undefined;
    if (this.cursorNode !== undefined && !this.placed.has(this.cursorNode)) this.cursorNode = undefined;
    this.drawing.mark('rf-selected', this.selected);
    this.drawing.mark('rf-cursor', this.cursorNode);
    if (!this.viewport.transform) {
      const bounds = boundsOf(layout.nodes.map((n) => n.box));
      if (bounds) this.viewport.fit(bounds, size);
    }
    this.updateDetailLevel();
    const root = this.drawing.draw(scene, this.viewport.visibleArea(size) ?? { x: 0, y: 0, width: size.width, height: size.height }, this.isFar());
    this.viewport.attach(root.querySelector('.rf-viewport') as SVGGElement);
    if (hadFocus) ((this.selected !== undefined ? (this.drawing.element(this.selected) as SVGGElement | undefined) : undefined) ?? canvas).focus({ preventScroll: true });
    // An open popover follows its node to where it is drawn now, and closes if the node went away.
    const shown = this.popover.visible ? this.popover.nodeId : undefined;
    if (shown !== undefined) {
      if (this.placed.has(shown)) this.showDetails(shown);
      else this.popover.hide();
    }
    this.updateInfo();
    const t3 = performance.now();
    this.signal({ version: this.version, nodes: graph.nodes.length, ...before, layoutMs: t1 - t0, svgMs: t2 - t1, domMs: t3 - t2 });
  }

  /** Tells whoever waits (tests, the benchmark) that a version is on screen. */
  private signal(timings: RenderTimings): void {
    document.body.dataset.renderedVersion = String(timings.version);
    window.dispatchEvent(new CustomEvent<RenderTimings>('rf-rendered', { detail: timings }));
  }

  private updateInfo(): void {
    const graph = this.graph;
    if (!graph) return;
    let errors = graph.otherErrors.length;
    let warnings = graph.otherWarnings.length;
    for (const node of graph.nodes) {
      errors += node.errors.length;
      warnings += node.warnings.length;
    }
    // Ghosts of removed nodes are drawn, but are no longer part of the flow.
    const steps = graph.nodes.filter((n) => (n.type === 'step' || n.type === 'workflow') && this.diff?.changes.get(n.id)?.state !== 'removed').length;
    const info = this.ui.info;
    info.replaceChildren(`${steps} node${steps === 1 ? '' : 's'}`);
    const count = (n: number, word: string, cls: string): void => {
      if (n === 0) return;
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = ` · ${n} ${word}${n === 1 ? '' : 's'}`;
      info.append(span);
    };
    count(errors, 'error', 'rf-count-error');
    count(warnings, 'warning', 'rf-count-warning');
    const run = describeRun(this.overlay);
    if (run) info.append(` · ${run}`);
  }

  /** Zoomed far out, card text is too small to read: leaving it out keeps big graphs quick to paint. */
  private updateDetailLevel(): void {
    this.ui.canvas.classList.toggle('rf-far', this.isFar());
  }

  private isFar(): boolean {
    return (this.viewport.transform?.k ?? 1) < FAR_SCALE;
  }

  /** The view moved: the drawing follows, drawing what came into view. */
  private showVisible(): void {
    const area = this.viewport.visibleArea();
    if (area) this.drawing.show(area, this.isFar());
  }

  /** Tooltips are made when the pointer first reaches a node, not for every node on each render. */
  private addTooltip(event: PointerEvent): void {
    const el = (event.target as Element).closest<SVGGElement>('[data-node-id]');
    if (!el || el.querySelector(':scope > title')) return;
    const placed = this.placed.get(el.dataset.nodeId as string);
    if (!placed) return;
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    const change = this.diff?.changes.get(placed.node.id);
    title.textContent = tooltipText(placed, change && this.diff ? describeChange(change, this.diff.against) : []);
    el.prepend(title);
  }

  private showBanner(kind: 'error' | 'run', text: string): void {
    this.ui.banner.dataset.kind = kind;
    this.ui.banner.textContent = text;
    this.ui.banner.hidden = false;
  }

  private hideBanner(): void {
    this.ui.banner.hidden = true;
  }

  private showEmpty(text: string): void {
    const canvas = this.ui.canvas;
    canvas.querySelector(':scope > .rf-empty-state')?.remove();
    const empty = document.createElement('div');
    empty.className = 'rf-empty-state';
    empty.textContent = text;
    canvas.append(empty);
  }

  select(id: string, reveal: boolean): void {
    const node = this.graph?.byId.get(id);
    if (!node) return;
    this.selected = id;
    this.drawing.mark('rf-selected', id);
    // Revealing draws the node if it was off screen; then it can take the focus.
    const placed = this.placed.get(id);
    if (placed) this.viewport.reveal(placed.box);
    (this.drawing.element(id) as SVGGElement | undefined)?.focus({ preventScroll: true });
    if (reveal) this.host.post({ type: 'reveal', nodeId: id, range: node.range, selectionRange: node.selectionRange });
    this.save();
  }

  private showDetails(id: string): void {
    const node = this.graph?.byId.get(id);
    const placed = this.placed.get(id);
    if (!node || !placed) return;
    const reads = this.dataEdgesNow()
      .filter((e) => e.to === id)
      .map((e) => `${this.graph?.byId.get(e.from)?.label ?? e.from} (${e.label ?? ''})`);
    const change = this.diff?.changes.get(id);
    const changes = change && this.diff ? describeChange(change, this.diff.against) : [];
    this.popover.show({ node, state: this.overlay.nodes.get(id), reads, changes }, this.viewport.toScreen(placed.box));
  }

  /** The data edges of the document shown, found now if the graph was built without them. */
  private dataEdgesNow(): GraphEdge[] {
    if (this.hasDataEdges) return (this.graph as FlowGraph).edges.filter((e) => e.type === 'data');
    this.ensureModel();
    if (!this.model) return [];
    this.completeExpressions();
    if (this.readsOf?.model !== this.model) this.readsOf = { model: this.model, edges: dataEdges(this.model) };
    return this.readsOf.edges;
  }

  private onClick(event: MouseEvent): void {
    if (this.viewport.suppressClick) {
      this.viewport.suppressClick = false;
      return;
    }
    const target = event.target as Element;
    const toggle = target.closest<SVGGElement>('.rf-toggle');
    if (toggle?.dataset.toggle) {
      this.toggle(toggle.dataset.toggle);
      return;
    }
    const id = target.closest<SVGGElement>('[data-node-id]')?.dataset.nodeId;
    if (id === undefined) {
      this.popover.hide();
      return;
    }
    this.select(id, true);
    const node = this.graph?.byId.get(id);
    const worthShowing = !this.host.embedded || this.overlay.nodes.has(id) || this.diff?.changes.has(id) === true || (node !== undefined && node.errors.length + node.warnings.length > 0);
    if (worthShowing) this.showDetails(id);
    else this.popover.hide();
  }

  private onDoubleClick(event: MouseEvent): void {
    const id = (event.target as Element).closest<SVGGElement>('[data-node-id]')?.dataset.nodeId;
    const node = id === undefined ? undefined : this.graph?.byId.get(id);
    if (node?.type === 'workflow' && node.children.length > 0) this.toggle(node.id);
    else if (id === undefined) this.fit();
  }

  move(direction: Direction | 'first'): void {
    const layout = this.layout;
    if (!layout) return;
    const next = direction === 'first' || this.selected === undefined ? firstNode(layout) : neighbour(layout, this.selected, direction);
    if (next !== undefined) this.select(next, false);
  }

  activate(): void {
    if (this.selected === undefined) return;
    this.select(this.selected, true);
    this.showDetails(this.selected);
  }

  toggleSelected(): void {
    const node = this.selected === undefined ? undefined : this.graph?.byId.get(this.selected);
    if (node?.type === 'workflow' && node.children.length > 0) this.toggle(node.id);
  }

  closePopover(): void {
    this.popover.hide();
  }


  private save(): void {
    const state: SavedState = { collapsed: [...this.collapsed], dataEdges: this.dataEdges };
    if (this.direction) state.direction = this.direction;
    if (this.viewport.transform) state.transform = this.viewport.transform;
    if (this.selected !== undefined) state.selected = this.selected;
    this.host.setState(state);
  }
}

/** Runs `work` when the page is idle; Safari (the CLI's standalone page can be opened anywhere) has no requestIdleCallback. */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 1000 });
  else setTimeout(work, 200);
}
