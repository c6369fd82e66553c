import { diagnostic, positioned, type FlowDiagnostic, type PositionedDiagnostic, type SeveritySetting, type ValidationContext, type Validator } from './diagnostics';
import { expressionUses } from '../document/expressionUses';
import type { FlowModel } from '../document/model';
import { parseFlow } from '../document/parse';
import type { PipelineDescription } from '../pipeline/description';
import { argumentsValidator } from './arguments';
import { buildSourceValidator } from './buildSource';
import { duplicateRefsValidator } from './duplicateRefs';
import { expressionSyntaxValidator } from './expressionSyntax';
import { functionsValidator } from './functions';
import { gitopsPathValidator } from './gitopsPath';
import { nodeFieldsValidator } from './nodeFields';
import { nodeKindsValidator } from './nodeKinds';
import { knowsNodesOf, nodeLocalFindings, rememberNodeFindings, type NodeFindingsCache } from './nodeFindings';
import { pipelineResourcesValidator } from './pipelineResources';
import { isLocalValidator, type LocalValidator } from './region';
import { referencesValidator } from './references';
import { schemaDiagnostics, type SchemaChunkCache } from './schema';
import { DEFAULT_SCHEMA_SIZE_LIMIT, formatSize, longStringSpan, MAX_SCHEMA_STRING_LENGTH } from './limits';
import { secretsValidator } from './secrets';
import { syntaxValidator } from './syntax';
import { templateExpressionsValidator } from './templateExpressions';
import { triggerRulesValidator } from './triggers';

/** Every rule the schema cannot express, in the order their results read best. */
export const CORE_VALIDATORS: readonly Validator[] = [
  syntaxValidator,
  nodeKindsValidator,
  duplicateRefsValidator,
  expressionSyntaxValidator,
  templateExpressionsValidator,
  referencesValidator,
  argumentsValidator,
  functionsValidator,
  nodeFieldsValidator,
  buildSourceValidator,
  secretsValidator,
  gitopsPathValidator,
  triggerRulesValidator,
  pipelineResourcesValidator,
];

/** With `pause`: milliseconds of validators' work between two pauses. */
const PAUSE_AFTER_MS = 1;

export { DEFAULT_SCHEMA_SIZE_LIMIT } from './limits';

export interface ValidateOptions {
  /** The file's path inside its Git repository, with a leading '/'. */
  repoPath?: string;
  /** The file's name, for inferring its stage when it is not inside a Git repository. */
  fileName?: string;
  pipeline?: PipelineDescription;
  /** Run the JSON Schema pass (default true). */
  schema?: boolean;
  schemaSizeLimit?: number;
  uri?: string;
  /** Where the file's bytes stopped being UTF-8 (readFlowFile found it): reported as json-encoding. */
  invalidUtf8?: { at: number; byte: number };
  /** Schema findings of the previous validation of the same document, reused for unchanged parts. */
  schemaCache?: SchemaChunkCache;
  /** Node-local findings of the previous validation of the same document, reused for unchanged nodes. */
  nodeFindingsCache?: NodeFindingsCache;
  /**
   * The user's severity per code (`off` hides it), applied before the merge: a code turned down or
   * off must not take with it a schema finding its range explained, which would then be lost.
   */
  severity?: ReadonlyMap<string, SeveritySetting>;
  /**
   * Awaited between the steps of a validation. The language server yields to
   * its message queue there, so that requests need not wait for a long
   * validation, and throws there to drop one that an edit made stale.
   */
  pause?: () => Promise<void>;
  /**
   * Called with the core rules' findings, sorted, before the schema pass
   * starts (only when it runs): a subset of the final diagnostics that an
   * editor can show while the slower schema pass goes on.
   */
  onCoreFindings?: (diagnostics: FlowDiagnostic[]) => void;
}

export interface ValidationResult {
  model: FlowModel;
  diagnostics: FlowDiagnostic[];
}

/** Runs the core validators on a parsed model. Each validator is isolated: one bug cannot hide the others' results. */
export function runCoreValidators(context: ValidationContext, validators: readonly Validator[] = CORE_VALIDATORS): FlowDiagnostic[] {
  const result: FlowDiagnostic[] = [];
  for (const validator of validators) {
    try {
      result.push(...validator.validate(context));
    } catch (error) {
      result.push(diagnostic('internal-error', 'error', `The ${validator.name} check failed on this document: ${(error as Error).message}. Please report it.`, { start: 0, end: 0 }));
    }
  }
  return result;
}

/** runCoreValidators, with `pause` awaited between validators once a millisecond of work has gone by. */
async function runPaused(context: ValidationContext, validators: readonly Validator[], pause: (() => Promise<void>) | undefined): Promise<FlowDiagnostic[]> {
  if (!pause) return runCoreValidators(context, validators);
  const result: FlowDiagnostic[] = [];
  let lastPause = performance.now();
  for (const validator of validators) {
    result.push(...runCoreValidators(context, [validator]));
    // A pause costs a turn of the event loop: taken only once a few milliseconds of work have gone by.
    if (performance.now() - lastPause >= PAUSE_AFTER_MS) {
      await pause();
      lastPause = performance.now();
    }
  }
  return result;
}

/** Full validation of one document: syntax, schema and every semantic rule, merged without duplicates. */
export async function validateFlow(text: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  return validateModel(parseFlow(text), options);
}

/** validateFlow on a document already parsed (the language server parses once per version). */
export async function validateModel(model: FlowModel, options: ValidateOptions = {}): Promise<ValidationResult> {
  const text = model.text;
  const context: ValidationContext = { model, repoPath: options.repoPath, fileName: options.fileName, pipeline: options.pipeline };
  // With a cache, the node-local rules check only the nodes that changed since the last validation; the others run whole.
  const cached: LocalValidator[] = options.nodeFindingsCache ? CORE_VALIDATORS.filter(isLocalValidator) : [];
  const whole = options.nodeFindingsCache ? CORE_VALIDATORS.filter((validator) => !isLocalValidator(validator)) : CORE_VALIDATORS;
  if (options.pause) {
    // The index of expression uses (references and arguments read it) is a step of its own: each step stays short.
    expressionUses(model);
    await options.pause();
  }
  const core = await runPaused(context, whole, options.pause);
  const cache = options.nodeFindingsCache;
  if (cache && knowsNodesOf(model, cache)) {
    core.push(...((await nodeLocalFindings(model, cached, cache, options.pause)) ?? runCoreValidators(context, cached)));
  } else if (cache) {
    // A document parsed afresh: its values are all new, so the rules run whole (faster than node by node) and their findings are kept by node.
    const found = await runPaused(context, cached, options.pause);
    if (!found.some((d) => d.code === 'internal-error')) rememberNodeFindings(model, found, cache);
    core.push(...found);
  }
  if (options.invalidUtf8) {
    const { at, byte } = options.invalidUtf8;
    core.push(diagnostic('json-encoding', 'error', `The file is not valid UTF-8: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} here cannot be decoded (shown as \uFFFD). The platform reads UTF-8: save the file in that encoding.`, { start: at, end: at + 1 }));
  }
  let schema: FlowDiagnostic[] = [];
  const tooDeep = model.syntaxIssues.some((issue) => issue.code === 'json-too-deep');
  const limit = options.schemaSizeLimit ?? DEFAULT_SCHEMA_SIZE_LIMIT;
  let long: { start: number; end: number } | undefined;
  if (options.schema !== false && !tooDeep) {
    if (text.length > limit) {
      core.push(
        diagnostic('file-too-large', 'info',
          `The file is ${formatSize(text.length)}; schema checks are skipped past ${formatSize(limit)}. Syntax and flow checks still ran.`, { start: 0, end: 0 }),
      );
    } else if ((long = longStringSpan(text)) !== undefined) {
      core.push(
        diagnostic('string-too-long', 'info',
          `This string is ${formatSize(long.end - long.start - 2)}; schema checks are skipped for the file past ${MAX_SCHEMA_STRING_LENGTH.toLocaleString('en-US')} characters in one string. Syntax and flow checks still ran.`, long),
      );
    } else {
      options.onCoreFindings?.(sortDiagnostics([...core]));
      try {
        schema = await schemaDiagnostics(model, options.uri, options.schemaCache, options.pause);
      } catch (error) {
        // vscode-json-languageservice recurses per level; keep the core's findings if it gives up.
        if (!(error instanceof RangeError)) throw error;
        core.push(diagnostic('json-too-deep', 'error', 'The document nests too deeply for the schema checks; the other checks ran.', { start: 0, end: 0 }));
      }
    }
  }
  const severity = options.severity;
  const merged = severity && severity.size > 0 ? mergeDiagnostics(withSeverities(core, severity), withSeverities(schema, severity)) : mergeDiagnostics(core, schema);
  return { model, diagnostics: sortDiagnostics(merged) };
}

/** The findings with the user's severities: copies where one changes (cached findings stay as found), none for `off`. */
function withSeverities(found: readonly FlowDiagnostic[], severity: ReadonlyMap<string, SeveritySetting>): FlowDiagnostic[] {
  const result: FlowDiagnostic[] = [];
  for (const d of found) {
    const setting = severity.get(d.code);
    if (setting === 'off') continue;
    result.push(setting === undefined || setting === d.severity ? d : { ...d, severity: setting });
  }
  return result;
}

const SEVERITY_RANK: Record<FlowDiagnostic['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * Schema findings at exactly the place a core rule already explains are
 * dropped, as duplicates: the core's message says more. Never a stronger one:
 * a schema error behind a core warning is kept, so the strongest severity at
 * every range survives the merge (and `validate` still fails on it).
 */
export function mergeDiagnostics(core: FlowDiagnostic[], schema: FlowDiagnostic[]): FlowDiagnostic[] {
  const strongestAt = new Map<string, number>();
  for (const d of core) {
    const key = `${d.span.start}:${d.span.end}`;
    strongestAt.set(key, Math.min(strongestAt.get(key) ?? Infinity, SEVERITY_RANK[d.severity]));
  }
  const seen = new Set<string>();
  const result = [...core];
  for (const d of schema) {
    const key = `${d.span.start}:${d.span.end}`;
    const explained = strongestAt.get(key);
    if ((explained !== undefined && explained <= SEVERITY_RANK[d.severity]) || seen.has(`${key}:${d.message}`)) continue;
    seen.add(`${key}:${d.message}`);
    result.push(d);
  }
  return result;
}

export function sortDiagnostics(diagnostics: FlowDiagnostic[]): FlowDiagnostic[] {
  return diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

export function toPositioned(model: FlowModel, diagnostics: FlowDiagnostic[]): PositionedDiagnostic[] {
  return diagnostics.map((d) => positioned(model, d));
}
