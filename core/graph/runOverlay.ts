import type { RunEvent, RunStatus } from '../runs/events';
import { nodeIdForPath } from './build';
import type { FlowGraph, NodeRunState } from './types';

/** What the graph shows of one run: its status and each node's latest state. */
export interface RunOverlay {
  runId: string | undefined;
  name: string | undefined;
  status: RunStatus | undefined;
  error: string | undefined;
  durationMs: number | undefined;
  /** Node states by graph node id. */
  nodes: Map<string, NodeRunState>;
  /** The runner's node index -> graph node id, from `run-started`. */
  ids: Map<number, string>;
  /** Notes about the run as a whole. */
  notes: string[];
}

export function emptyRunOverlay(): RunOverlay {
  return { runId: undefined, name: undefined, status: undefined, error: undefined, durationMs: undefined, nodes: new Map(), ids: new Map(), notes: [] };
}

/**
 * Folds the runner's events into the overlay, in order. A `run-started` of a
 * new run clears the previous one. Nodes are matched to graph nodes by ref
 * (a platform run's flow may have other steps before them), else by the JSON
 * path the run announced (the same path the graph ids are made of); a
 * node-status event seen without its `run-started` is matched by ref.
 */
export function applyRunEvents(overlay: RunOverlay, events: readonly RunEvent[], graph: FlowGraph | undefined): RunOverlay {
  for (const event of events) {
    switch (event.type) {
      case 'run-started': {
        const fresh = emptyRunOverlay();
        Object.assign(overlay, fresh, { runId: event.runId, name: event.run.name, status: 'running' as const });
        for (const node of event.nodes) {
          // By ref first: a run on the platform runs the platform's version, whose paths may differ from the file's.
          // A ref the file does not have is no card of it: its path may belong to another node there.
          const id = idByRef(graph, node.ref) ?? (node.ref !== undefined && graph !== undefined ? undefined : nodeIdForPath(node.path));
          if (id === undefined) continue;
          overlay.ids.set(node.index, id);
          overlay.nodes.set(id, { status: 'pending', at: event.at });
        }
        break;
      }
      case 'node-status': {
        if (overlay.runId !== undefined && event.runId !== overlay.runId) break;
        overlay.runId ??= event.runId;
        overlay.status ??= 'running';
        const id = overlay.ids.get(event.node) ?? idByRef(graph, event.ref);
        if (id === undefined) break;
        const previous = overlay.nodes.get(id);
        const state: NodeRunState = { status: event.status, at: event.at };
        if (event.attempt > 0) state.attempt = event.attempt;
        if (event.retries) state.maxAttempts = event.retries.maxAttempts;
        // Outputs arrive with success; an error with failure. Keep what is known across later updates.
        const outputs = event.outputs !== undefined ? event.outputs : previous?.outputs;
        if (outputs !== undefined) state.outputs = outputs;
        const error = event.error ?? (event.status === 'failure' || event.status === 'retrying' ? previous?.error : undefined);
        if (error !== undefined) state.error = error;
        if (previous?.notes) state.notes = previous.notes;
        overlay.nodes.set(id, state);
        break;
      }
      case 'note': {
        if (overlay.runId !== undefined && event.runId !== overlay.runId) break;
        const id = event.node === undefined ? undefined : overlay.ids.get(event.node);
        const state = id === undefined ? undefined : overlay.nodes.get(id);
        if (state) state.notes = [...(state.notes ?? []), event.message];
        else overlay.notes.push(event.message);
        break;
      }
      case 'run-finished': {
        if (overlay.runId !== undefined && event.runId !== overlay.runId) break;
        overlay.runId ??= event.runId;
        overlay.status = event.status;
        overlay.error = event.error;
        overlay.durationMs = event.durationMs;
        break;
      }
    }
  }
  return overlay;
}

function idByRef(graph: FlowGraph | undefined, ref: string | undefined): string | undefined {
  if (graph === undefined || ref === undefined) return undefined;
  return graph.nodes.find((node) => node.ref === ref && (node.type === 'step' || node.type === 'workflow'))?.id;
}

/** "Run succeeded in 2 min 5 s" — the one-line state of the run for the toolbar. */
export function describeRun(overlay: RunOverlay): string | undefined {
  if (overlay.status === undefined) return undefined;
  const name = overlay.name ? `Run "${overlay.name}"` : 'Run';
  const took = overlay.durationMs === undefined ? '' : ` in ${formatMs(overlay.durationMs)}`;
  switch (overlay.status) {
    case 'success': return `${name} succeeded${took}`;
    case 'failure': return `${name} failed${took}${overlay.error ? `: ${overlay.error}` : ''}`;
    case 'aborted': return `${name} was aborted${took}`;
    case 'interrupted': return `${name} was interrupted`;
    case 'queued': return `${name} is queued`;
    default: {
      const states = [...overlay.nodes.values()];
      const done = states.filter((s) => s.status === 'success' || s.status === 'skipped').length;
      return `${name} running: ${done} of ${states.length} nodes done`;
    }
  }
}

function formatMs(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}
