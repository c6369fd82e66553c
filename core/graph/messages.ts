/**
 * Every message between the flow-graph webview and its host (the VS Code
 * extension, or nothing for the standalone page), declared once: both sides
 * import these types, and the webview checks each message it receives with
 * `isHostMessage` before acting on it.
 */
import type { Severity } from '../validation/diagnostics';
import type { RunEvent } from '../runs/events';
import { isPosition, isRange, type Position, type Range } from '../text/positions';

/** A diagnostic as the host has it: LSP-shaped, positions 0-based. */
export interface WebviewDiagnostic {
  severity: Severity;
  message: string;
  range: Range;
  code?: string;
}

/**
 * host -> webview: the document's text changed (or the panel opened). The
 * webview parses the text itself, so the graph it draws always matches the
 * version it was sent; the diagnostics are the host's for that version.
 */
export interface UpdateMessage {
  type: 'update';
  text: string;
  version: number;
  /** Shown in the toolbar and used to name exported files. */
  fileName?: string;
  diagnostics: WebviewDiagnostic[];
  /** The user's `releaseFlow.maxFileSize`: past it the graph is not drawn (absent: the default, 8 MB). */
  maxFileSize?: number;
  /**
   * The graph of this very text with these diagnostics, when the host has it
   * already (the language server keeps the parsed model of an open flow), as
   * JSON text (core/graph/wire.ts). A page that has not parsed anything yet
   * draws it at once and parses the text in idle time; anything else ignores
   * it. Checked by `decodeGraph` where it is used: a malformed graph is
   * dropped alone.
   */
  graph?: string;
}

/**
 * host -> webview: what a run did, as the runner's own events (already
 * masked), in order. `run-started` resets every node to pending.
 */
export interface RunStatusMessage {
  type: 'runStatus';
  events: RunEvent[];
}

/**
 * host -> webview: the version to compare the document with (HEAD's, the
 * platform's), or none. The webview draws what changed since it on every
 * update until another baseline arrives. `error` says why the asked
 * comparison is not possible (no Git repository, signed out...).
 */
export interface BaselineMessage {
  type: 'baseline';
  /** What the version is, as the legend names it: `HEAD`, `platform`. */
  label?: string;
  /** Its text; absent to stop comparing. */
  text?: string;
  error?: string;
}

/** What the preview can compare with. */
export type CompareChoice = 'off' | 'HEAD' | 'platform';
export const COMPARE_CHOICES: readonly CompareChoice[] = ['off', 'HEAD', 'platform'];

/** host -> webview: the editor's cursor moved; the node under it is highlighted. */
export interface CursorMessage {
  type: 'cursor';
  position: Position;
}

/** host -> webview: export the graph as it is shown (a command was run in the host). */
export interface RequestExportMessage {
  type: 'requestExport';
  format: ExportFormat;
}

/** webview -> host: the page is listening; the host sends the first `update` now. */
export interface ReadyMessage {
  type: 'ready';
}

/** webview -> host: the user picked a node (click or Enter); show it in the editor. */
export interface RevealMessage {
  type: 'reveal';
  nodeId: string;
  /** The node's whole object. */
  range: Range;
  /** What to select: the ref string, else the kind. */
  selectionRange: Range;
}

/** webview -> host: Approve or Reject on a node waiting in `approval_wait` (the run's approval desk decides it). */
export interface DecideApprovalMessage {
  type: 'decideApproval';
  nodeId: string;
  decision: 'approve' | 'reject';
}

export type ExportFormat = 'svg' | 'png';

/** webview -> host: an exported picture to save. */
export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
  /** SVG text, or a `data:image/png;base64,...` URL. */
  data: string;
  /** Suggested file name, e.g. `release-production.svg`. */
  fileName: string;
}

/** webview -> host: the user picked what to compare with in the toolbar. */
export interface CompareMessage {
  type: 'compare';
  against: CompareChoice;
}

export type HostMessage = UpdateMessage | RunStatusMessage | CursorMessage | RequestExportMessage | BaselineMessage;
export type WebviewMessage = ReadyMessage | RevealMessage | ExportMessage | CompareMessage | DecideApprovalMessage;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** True for a diagnostic as the page and the language server's graph request take it. */
export const isWebviewDiagnostic = (value: unknown): value is WebviewDiagnostic =>
  isObject(value) && typeof value.message === 'string' && typeof value.severity === 'string' && isRange(value.range);

/** True for a well-formed host message; anything else (another frame's message, a typo) is ignored. */
export function isHostMessage(value: unknown): value is HostMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'update':
      return typeof value.text === 'string' && typeof value.version === 'number' && Array.isArray(value.diagnostics) &&
        (value.maxFileSize === undefined || (typeof value.maxFileSize === 'number' && value.maxFileSize >= 0)) && value.diagnostics.every(isWebviewDiagnostic);
    case 'runStatus':
      return Array.isArray(value.events) && value.events.every((e: unknown) => isObject(e) && typeof e.type === 'string');
    case 'cursor':
      return isPosition(value.position);
    case 'requestExport':
      return value.format === 'svg' || value.format === 'png';
    case 'baseline':
      return (value.label === undefined || typeof value.label === 'string') && (value.text === undefined || typeof value.text === 'string') && (value.error === undefined || typeof value.error === 'string');
    default:
      return false;
  }
}

/** True for a well-formed webview message, for hosts that check what they receive. */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'reveal':
      return typeof value.nodeId === 'string' && isRange(value.range) && isRange(value.selectionRange);
    case 'export':
      return (value.format === 'svg' || value.format === 'png') && typeof value.data === 'string' && typeof value.fileName === 'string';
    case 'compare':
      return COMPARE_CHOICES.includes(value.against as CompareChoice);
    case 'decideApproval':
      return typeof value.nodeId === 'string' && (value.decision === 'approve' || value.decision === 'reject');
    default:
      return false;
  }
}
