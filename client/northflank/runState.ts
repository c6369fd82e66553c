/**
 * A platform run as the Northflank view shows it, folded from the run
 * model's events (core/northflank/remoteRuns.ts turns run details into those
 * events): each node's status, attempt and error, and the run's status.
 * The same fold serves a run followed live and a run read once.
 */
import { stepIndexes, TERMINAL_NODE_STATUSES, type NodeError, type NodeStatus, type RunEvent, type RunNodeInfo, type RunStatus } from '../../core/runs/events';

export interface RemoteNodeState {
  info: RunNodeInfo;
  status: NodeStatus;
  attempt: number;
  /** Attempts the platform allows, when it says (`response.retries.maxAttempts`). */
  maxAttempts?: number;
  error?: NodeError;
  outputs?: unknown;
}

export class RemoteRunState {
  readonly nodes = new Map<number, RemoteNodeState>();
  status: RunStatus = 'pending';
  error: string | undefined;
  notes: string[] = [];

  apply(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.nodes.clear();
        for (const info of event.nodes) this.nodes.set(info.index, { info, status: 'pending', attempt: 0 });
        this.status = 'running';
        return;
      case 'node-status': {
        const node = this.nodes.get(event.node);
        if (!node) return;
        node.status = event.status;
        node.attempt = event.attempt;
        // Platform runs carry the platform's retries on their events (core/runs/events.ts NodeRetries), when known.
        if (event.retries) node.maxAttempts = event.retries.maxAttempts;
        if (event.error) node.error = event.error;
        else if (event.status === 'success') delete node.error;
        if (event.outputs !== undefined) node.outputs = event.outputs;
        return;
      }
      case 'note':
        this.notes.push(event.message);
        return;
      case 'run-finished':
        this.status = event.status;
        this.error = event.error;
        return;
      default:
        return;
    }
  }

  /** The nodes directly under `parent` (undefined: the root), in flow order. */
  children(parent: number | undefined): RemoteNodeState[] {
    return [...this.nodes.values()].filter((n) => n.info.parent === parent).sort((a, b) => a.info.index - b.info.index);
  }

  hasSteps(index: number): boolean {
    return [...this.nodes.values()].some((n) => n.info.parent === index);
  }

  /** `3/5`: steps that have concluded (success, failure, skipped, aborted) out of the steps, as the status bar counts them. */
  progress(): { done: number; total: number } {
    const steps = stepIndexes([...this.nodes.values()].map((n) => n.info));
    const concluded = [...this.nodes.values()].filter((n) => steps.has(n.info.index) && TERMINAL_NODE_STATUSES.has(n.status));
    return { done: concluded.length, total: steps.size };
  }
}
