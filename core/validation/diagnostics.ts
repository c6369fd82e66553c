import type { FlowModel } from '../document/model';
import type { PipelineDescription } from '../pipeline/description';
import { cutLongNames } from '../text/longNames';
import type { Range, Span } from '../text/positions';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A severity a user can give a diagnostic code in settings, or `off` to hide it. */
export type SeveritySetting = Severity | 'off';

/** Machine-readable details that quick fixes use. */
export interface DiagnosticData {
  /** The closest existing name, for did-you-mean fixes. */
  suggestion?: string;
  /** A value that would make the diagnostic go away (e.g. the expected gitops path). */
  expected?: string;
  /** The name the diagnostic is about (ref, argument or function). */
  name?: string;
}

export interface FlowDiagnostic {
  /** Stable identifier: scripts, settings and quick fixes key on it. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  data?: DiagnosticData;
}

/** The LSP-shaped diagnostic that the CLI prints as JSON and the server publishes. */
export interface PositionedDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  source: string;
  data?: DiagnosticData;
}

export const DIAGNOSTIC_SOURCE = 'release-flow';

export interface ValidationContext {
  model: FlowModel;
  /** The file's path inside its Git repository, with a leading '/', when known. */
  repoPath: string | undefined;
  /** The file's name alone, when the repository path is unknown. */
  fileName?: string | undefined;
  pipeline: PipelineDescription | undefined;
}

/** One rule: small, with its own stable codes. */
export interface Validator {
  readonly name: string;
  validate(context: ValidationContext): FlowDiagnostic[];
}

/** A diagnostic; names too long to read (a 1 MB key) are cut in its message, never in its data. */
export function diagnostic(code: string, severity: Severity, text: string, span: Span, data?: DiagnosticData): FlowDiagnostic {
  const message = cutLongNames(text);
  return data === undefined ? { code, severity, message, span } : { code, severity, message, span, data };
}

/** Appends copies of `findings` to `target`, moved by `delta` (kept findings follow their part of the document). */
export function movedDiagnostics(target: FlowDiagnostic[], findings: readonly FlowDiagnostic[], delta: number): void {
  for (const d of findings) {
    const span = { start: d.span.start + delta, end: d.span.end + delta };
    target.push(d.data === undefined ? { code: d.code, severity: d.severity, message: d.message, span } : { code: d.code, severity: d.severity, message: d.message, span, data: d.data });
  }
}

export function positioned(model: FlowModel, d: FlowDiagnostic): PositionedDiagnostic {
  const result: PositionedDiagnostic = { code: d.code, severity: d.severity, message: d.message, range: model.lines.rangeOf(d.span), source: DIAGNOSTIC_SOURCE };
  if (d.data) result.data = d.data;
  return result;
}
