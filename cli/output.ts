import type { PositionedDiagnostic, Severity } from '../core/validation/diagnostics';

export interface FileReport {
  file: string;
  diagnostics: PositionedDiagnostic[];
}

/** The JSON shape `validate --format json` promises: positions are 0-based, as in LSP. */
export interface JsonFileReport {
  file: string;
  diagnostics: { code: string; severity: Severity; message: string; range: PositionedDiagnostic['range'] }[];
}

export function toJsonReports(reports: FileReport[]): JsonFileReport[] {
  return reports.map(({ file, diagnostics }) => ({
    file,
    diagnostics: diagnostics.map(({ code, severity, message, range }) => ({ code, severity, message, range })),
  }));
}

/** `path:line:column: severity code message`, 1-based, one line per diagnostic. */
export function formatText(reports: FileReport[]): string[] {
  const lines: string[] = [];
  for (const { file, diagnostics } of reports) {
    for (const d of diagnostics) {
      lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`);
    }
  }
  return lines;
}

export function summaryLine(reports: FileReport[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const report of reports) for (const d of report.diagnostics) counts[d.severity]++;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const files = plural(reports.length, 'file');
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(plural(counts.info, 'info'));
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const verdict = counts.error === 0 ? 'ok' : 'failed';
  return `${files} checked: ${parts.join(', ')} (${verdict})`;
}
