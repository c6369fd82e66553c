/** What a platform request gives back, shared by the platform and its conditions. */
import type { Clock } from '../runs/clock';
import type { NodeError } from '../runs/events';

export class PlatformError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Progress of something a node waits for. */
export type WatchState =
  /** `final`: looking again cannot change the answer (the watched build already failed), so the node is not retried. */
  | { done: true; ok: boolean; outputs?: unknown; error?: NodeError; final?: boolean }
  /** `why`: with `nextAt` Infinity, what keeps it from ever ending unless something changes the platform. */
  | { done: false; nextAt: number; why?: string };

export interface Operation {
  /** The API response right after the request. */
  outputs: unknown;
  /** How the operation concludes, for nodes that wait for it. */
  watch?: () => Promise<WatchState>;
  /** The node waits for `watch` whatever its `condition` (Condition, Approval, Action execute...). */
  mustWait?: boolean;
  /** The wait is the node's own work (sending a message, running a command): it shows as `running`, not `waiting`. */
  working?: boolean;
}


/** Watches an operation that concludes at `at`: its outputs as of then, failed with `failure` when one is given. */
export function concludesAt(clock: Clock, at: number, outputsAt: (now: number) => unknown, failure: string | undefined): () => Promise<WatchState> {
  return async () => {
    const now = clock.now();
    if (now < at) return { done: false, nextAt: at };
    const outputs = outputsAt(now);
    return failure === undefined ? { done: true, ok: true, outputs } : { done: true, ok: false, outputs, error: { code: 'operation-failed', message: failure } };
  };
}
