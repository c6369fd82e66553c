/**
 * What must hold before a flow file is committed for GitOps: the same
 * validation the editor and `release-flow validate` run, sorted into what
 * refuses the commit and what only asks.
 *
 * Secrets refuse whatever the user's severity settings say: a secret pushed
 * to Git stays in its history, and hiding the diagnostic in the editor is no
 * reason to publish it.
 */
import type { PositionedDiagnostic } from '../validation/diagnostics';
import type { SeveritySetting } from '../validation/diagnostics';
import { toPositioned, validateFlow, type ValidateOptions } from '../validation/validate';

/** Diagnostic codes of core/validation/secrets.ts: each refuses a commit. */
export const SECRET_CODES: ReadonlySet<string> = new Set(['argument-overrides-committed', 'secret-in-file']);

export interface CommitChecks {
  /** Secrets in the file: the commit is refused, whatever else. */
  secrets: PositionedDiagnostic[];
  /** Errors (after the user's severity settings): the commit is refused. */
  errors: PositionedDiagnostic[];
  /** Warnings (after the user's severity settings): the user is asked. */
  warnings: PositionedDiagnostic[];
}

export interface CommitCheckOptions extends ValidateOptions {
  /** `releaseFlow.diagnostics.severity`: per code, another severity or `off`. */
  severity?: ReadonlyMap<string, SeveritySetting>;
}

export async function checkFlowForCommit(text: string, options: CommitCheckOptions = {}): Promise<CommitChecks> {
  const { severity } = options;
  const validateOptions: ValidateOptions = { ...options };
  // The merge sees the user's severities too (a code turned off must not hide a schema error at its range), except the secret codes, which refuse whatever they say.
  if (severity) validateOptions.severity = new Map([...severity].filter(([code]) => !SECRET_CODES.has(code)));
  const { model, diagnostics } = await validateFlow(text, validateOptions);
  const result: CommitChecks = { secrets: [], errors: [], warnings: [] };
  for (const d of toPositioned(model, diagnostics)) {
    if (SECRET_CODES.has(d.code)) {
      result.secrets.push(d);
      continue;
    }
    const setting = severity?.get(d.code) ?? d.severity;
    if (setting === 'error') result.errors.push({ ...d, severity: 'error' });
    else if (setting === 'warning') result.warnings.push({ ...d, severity: 'warning' });
  }
  return result;
}

/** `line:column message [code]`, 1-based, for dialogs and logs. */
export function describeDiagnostic(d: PositionedDiagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message} [${d.code}]`;
}
