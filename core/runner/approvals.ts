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

/** Answers of a person to `[a]pprove / [r]eject`; undefined for anything else. */
export function readDecision(answer: string): ApprovalDecision['decision'] | undefined {
  const word = answer.trim().toLowerCase();
  if (word === 'a' || word === 'approve' || word === 'y' || word === 'yes') return 'approve';
  if (word === 'r' || word === 'reject' || word === 'n' || word === 'no') return 'reject';
  return undefined;
}
