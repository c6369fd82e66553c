import { DEFAULT_SCHEMA_SIZE_LIMIT } from '../validation/validate';
import type { PipelineDescription } from '../pipeline/description';
import type { ReleaseFlowSettings } from './protocol';
import type { SeveritySetting } from '../validation/diagnostics';

/** Settings after checking: every field present and of the right type. */
export interface LanguageSettings {
  severity: ReadonlyMap<string, SeveritySetting>;
  delay: number;
  maxFileSize: number;
  pipelineFile: string | undefined;
  documents: 'detect' | 'all';
}

export const DEFAULT_SETTINGS: LanguageSettings = {
  severity: new Map(),
  delay: 10,
  maxFileSize: DEFAULT_SCHEMA_SIZE_LIMIT,
  pipelineFile: undefined,
  documents: 'detect',
};

const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];
const MAX_DELAY = 10_000;

/**
 * Reads `releaseFlow.*` settings as a client sends them. Never throws: a wrong
 * value is named in `problems` and its default is used.
 */
export function readSettings(raw: unknown): { settings: LanguageSettings; problems: string[] } {
  const problems: string[] = [];
  const input = (isObject(raw) ? raw : {}) as ReleaseFlowSettings;
  const severity = new Map<string, SeveritySetting>();
  const diagnostics = isObject(input.diagnostics) ? input.diagnostics : {};
  if (isObject(diagnostics.severity)) {
    for (const [code, value] of Object.entries(diagnostics.severity)) {
      if (SEVERITIES.includes(value as SeveritySetting)) severity.set(code, value as SeveritySetting);
      else problems.push(`releaseFlow.diagnostics.severity.${code}: expected one of ${SEVERITIES.join(', ')}, not ${JSON.stringify(value)}.`);
    }
  }
  const number = (value: unknown, name: string, fallback: number, max: number): number => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max) return value;
    problems.push(`releaseFlow.${name}: expected a number from 0 to ${max}, not ${JSON.stringify(value)}.`);
    return fallback;
  };
  const pipelineFile = typeof input.pipelineFile === 'string' && input.pipelineFile.trim() !== '' ? input.pipelineFile : undefined;
  if (input.pipelineFile !== undefined && input.pipelineFile !== '' && pipelineFile === undefined) problems.push('releaseFlow.pipelineFile: expected a file path.');
  const documents = input.documents === 'all' || input.documents === 'detect' ? input.documents : DEFAULT_SETTINGS.documents;
  if (input.documents !== undefined && input.documents !== documents) problems.push(`releaseFlow.documents: expected "detect" or "all", not ${JSON.stringify(input.documents)}.`);
  return {
    settings: {
      severity,
      delay: number(diagnostics.delay, 'diagnostics.delay', DEFAULT_SETTINGS.delay, MAX_DELAY),
      maxFileSize: number(input.maxFileSize, 'maxFileSize', DEFAULT_SETTINGS.maxFileSize, Number.MAX_SAFE_INTEGER),
      pipelineFile,
      documents,
    },
    problems,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a document sits, resolved by the shell (file system, Git) and handed to the service. */
export interface DocumentEnvironment {
  /** The file's path inside its Git repository, with a leading '/'. */
  repoPath?: string;
  /** The file's name, for inferring its stage outside a repository. */
  fileName?: string;
  pipeline?: PipelineDescription;
}
