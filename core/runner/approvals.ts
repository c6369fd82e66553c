/**
 * Approval nodes: the platform waits in `approval_wait` until `spec.amount`
 * people approve (or one rejects). Locally the decision comes from the
 * scenario, or from the run's approver: the CLI asks on a terminal or takes
 * `--approve REF`, the editor shows Approve / Reject on the waiting node. With
 * nobody to decide, the node fails and says how to decide: it is never approved
 * silently.
 */

/** What is waiting for a decision. */
export interface ApprovalRequest {
  runId: string;
  /** The node's pre-order index in the flow. */
  node: number;
  ref: string | undefined;
  /** Approvals the platform would wait for (`spec.amount`). */
  amount: number;
  /** `Approval sign-off (2 approvals)`: how to name it to a person. */
  label: string;
}

export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  /** Who decided, for the record: `--approve`, a person at the terminal, the editor. */
  by: string;
}

/** Decides approvals for one run; resolves undefined when nobody can decide here. Rejects when `signal` aborts. */
export interface ApprovalGate {
  decide(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision | undefined>;
}

/**
 * `--approve REF`: approves the Approval nodes named at once; the others are
 * asked of `next` (none: nobody decides, and the node fails saying how to).
 */
export function preApproved(refs: ReadonlySet<string>, next?: ApprovalGate): ApprovalGate {
  return {
    decide: async (request, signal) => {
      if (request.ref !== undefined && refs.has(request.ref)) return { decision: 'approve', by: '--approve' };
      return next ? next.decide(request, signal) : undefined;
    },
  };
}

/** Answers of a person to `[a]pprove / [r]eject`; undefined for anything else. */
export function readDecision(answer: string): ApprovalDecision['decision'] | undefined {
  const word = answer.trim().toLowerCase();
  if (word === 'a' || word === 'approve' || word === 'y' || word === 'yes') return 'approve';
  if (word === 'r' || word === 'reject' || word === 'n' || word === 'no') return 'reject';
  return undefined;
}

interface Waiting {
  request: ApprovalRequest;
  resolve(decision: ApprovalDecision): void;
}

/**
 * The approvals an editor's runs wait for: `decide` holds each request until
 * `answer` gives its decision (from whichever place the person clicked) or the
 * run is aborted. `onChange` tells the views to show or hide their buttons.
 */
export class ApprovalDesk implements ApprovalGate {
  private readonly waiting = new Map<string, Waiting>();
  private readonly listeners = new Set<() => void>();

  decide(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision | undefined> {
    const key = deskKey(request.runId, request.node);
    return new Promise<ApprovalDecision>((resolve, reject) => {
      const onAbort = (): void => {
        this.remove(key);
        reject(new Error('The run was aborted.'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(key, {
        request,
        resolve: (decision) => {
          signal.removeEventListener('abort', onAbort);
          this.remove(key);
          resolve(decision);
        },
      });
      this.changed();
    });
  }

  /** Requests still waiting, oldest first. */
  pending(): ApprovalRequest[] {
    return [...this.waiting.values()].map((w) => w.request);
  }

  /** Gives the decision for the node of a run; false when it is not waiting (already decided, or finished). */
  answer(runId: string, node: number, decision: ApprovalDecision): boolean {
    const found = this.waiting.get(deskKey(runId, node));
    if (!found) return false;
    found.resolve(decision);
    return true;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private remove(key: string): void {
    if (this.waiting.delete(key)) this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

const deskKey = (runId: string, node: number): string => `${runId}#${node}`;
