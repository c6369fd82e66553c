import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, type FlowDiagnostic, type Severity } from '../validation/diagnostics';
import type { FlowModel } from '../document/model';
import type { SeveritySetting } from '../validation/diagnostics';
import { validateModel, type ValidateOptions } from '../validation/validate';
import type { SchemaChunkCache } from '../validation/schema';
import type { NodeFindingsCache } from '../validation/nodeFindings';
import type { DocumentEnvironment, LanguageSettings } from './settings';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TAGS: Record<string, DiagnosticTag[]> = {
  'unused-arg': [DiagnosticTag.Unnecessary],
  'schema-deprecated': [DiagnosticTag.Deprecated],
};

/**
 * The document's diagnostics: core/validate.ts's, exactly what
 * `release-flow validate` reports for the file, with the user's severity
 * overrides applied (`off` hides a code). `early`, when given, gets the core
 * rules' findings (a subset of the result) before the schema pass runs.
 */
export async function computeDiagnostics(
  model: FlowModel,
  environment: DocumentEnvironment | undefined,
  settings: Pick<LanguageSettings, 'severity' | 'maxFileSize'>,
  schemaCache?: SchemaChunkCache,
  pause?: () => Promise<void>,
  early?: (diagnostics: Diagnostic[]) => void,
  nodeFindingsCache?: NodeFindingsCache,
): Promise<Diagnostic[]> {
  const options: ValidateOptions = { schemaSizeLimit: settings.maxFileSize };
  if (pause) options.pause = pause;
  if (early) options.onCoreFindings = (core) => early(toLspDiagnostics(model, core, settings.severity));
  if (schemaCache) options.schemaCache = schemaCache;
  if (nodeFindingsCache) options.nodeFindingsCache = nodeFindingsCache;
  if (settings.severity.size > 0) options.severity = settings.severity;
  if (environment?.repoPath !== undefined) options.repoPath = environment.repoPath;
  if (environment?.fileName !== undefined) options.fileName = environment.fileName;
  if (environment?.pipeline !== undefined) options.pipeline = environment.pipeline;
  const { diagnostics } = await validateModel(model, options);
  return toLspDiagnostics(model, diagnostics, settings.severity);
}

export function toLspDiagnostics(model: FlowModel, diagnostics: FlowDiagnostic[], overrides: ReadonlyMap<string, SeveritySetting>): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = overrides.get(d.code);
    if (setting === 'off') continue;
    const diagnostic: Diagnostic = {
      range: model.lines.rangeOf(d.span),
      severity: SEVERITIES[setting ?? d.severity],
      code: d.code,
      source: DIAGNOSTIC_SOURCE,
      message: d.message,
    };
    const tags = TAGS[d.code];
    if (tags) diagnostic.tags = tags;
    if (d.data) diagnostic.data = d.data;
    result.push(diagnostic);
  }
  return result;
}
