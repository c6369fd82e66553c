/**
 * Pipeline descriptions: which stages a pipeline has, which services, jobs and
 * addons sit in each stage, and which release-flow file belongs to which stage.
 *
 * Pure: no I/O. Accepts three shapes:
 *  - the template Pipeline node: { kind: 'Pipeline', spec: { name, stages: [...] } }
 *    where stages[] = { name, nfObjects: [{ id, type }], releaseFlow: { kind: 'ReleaseFlow', spec } };
 *  - a bare Pipeline spec: { name, stages: [...] };
 *  - the get-pipeline API response: { data: { name, nfObjects: [{ id, type, stage }] } }
 *    or its CLI form { name, nfObjects: [...] }.
 * Both `stages` and pipeline-level `nfObjects` may appear together; nfObjects are
 * then added to the stage they name.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

export type PipelineResourceType = 'service' | 'job' | 'addon';

export interface PipelineResource {
  id: string;
  type: PipelineResourceType;
}

export interface PipelineStage {
  name: string;
  /** Position in PipelineDescription.stages (0-based). */
  index: number;
  resources: PipelineResource[];
  /** gitops.filePath of the stage's releaseFlow spec, if any. */
  releaseFlowFilePath?: string;
}

export interface PipelineDescription {
  name?: string;
  stages: PipelineStage[];
}

/**
 * `pipeline` is present whenever the input had a usable structure, even if
 * `errors` lists problems with parts of it (a bad resource entry, an unknown
 * stage name). Syntax errors give no pipeline.
 */
export interface PipelineParseResult {
  pipeline?: PipelineDescription;
  errors: string[];
}

/** The platform's stage names, in pipeline order (get-pipeline.md enum). */
export const PIPELINE_STAGE_NAMES = ['Development', 'Staging', 'Production'] as const;

const RESOURCE_TYPES: readonly PipelineResourceType[] = ['service', 'job', 'addon'];
const GITOPS_FILE_PATH = /^\/([a-zA-Z0-9-._]+\/)*[a-zA-Z0-9-._]+$/;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value}"` : typeof value;
}

/** Canonical spelling of a platform stage name, compared case-insensitively. */
function canonicalStageName(name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  return PIPELINE_STAGE_NAMES.find((s) => s.toLowerCase() === lower);
}

function stageRank(name: string): number {
  const canonical = canonicalStageName(name);
  const rank = canonical ? PIPELINE_STAGE_NAMES.indexOf(canonical as (typeof PIPELINE_STAGE_NAMES)[number]) : -1;
  return rank < 0 ? PIPELINE_STAGE_NAMES.length : rank;
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return `line ${line}, column ${column}`;
}

interface StageBuilder {
  name: string;
  resources: PipelineResource[];
  releaseFlowFilePath?: string;
}

class Collector {
  readonly errors: string[] = [];
  private readonly stages = new Map<string, StageBuilder>();

  /** Returns the stage, creating it; key is the lower-cased name. */
  stage(name: string): StageBuilder {
    const key = name.toLowerCase();
    let stage = this.stages.get(key);
    if (!stage) {
      stage = { name, resources: [] };
      this.stages.set(key, stage);
    }
    return stage;
  }

  has(name: string): boolean {
    return this.stages.has(name.toLowerCase());
  }

  /** Validates a stage name; returns the name to use, or undefined to drop the entry. */
  stageName(value: unknown, where: string): string | undefined {
    if (typeof value !== 'string' || value.trim() === '') {
      this.errors.push(`${where}: stage name must be a non-empty string (one of ${PIPELINE_STAGE_NAMES.join(', ')}), found ${describe(value)}`);
      return undefined;
    }
    const canonical = canonicalStageName(value);
    if (canonical) return canonical;
    this.errors.push(`${where}: unknown stage "${value}"; the platform's stages are ${PIPELINE_STAGE_NAMES.join(', ')}`);
    return value.trim();
  }

  resource(value: unknown, where: string): PipelineResource | undefined {
    if (!isObject(value)) {
      this.errors.push(`${where}: expected an object { id, type }, found ${describe(value)}`);
      return undefined;
    }
    const { id, type } = value;
    if (typeof id !== 'string' || id === '') {
      this.errors.push(`${where}: "id" must be a non-empty string, found ${describe(id)}`);
      return undefined;
    }
    if (typeof type !== 'string' || !RESOURCE_TYPES.includes(type as PipelineResourceType)) {
      const hint = type === 'build' ? ' (build services are not added to pipelines)' : '';
      this.errors.push(`${where}: "type" of ${id} must be one of ${RESOURCE_TYPES.join(', ')}, found ${describe(type)}${hint}`);
      return undefined;
    }
    return { id, type: type as PipelineResourceType };
  }

  addResource(stage: StageBuilder, resource: PipelineResource): void {
    if (!stage.resources.some((r) => r.id === resource.id && r.type === resource.type)) {
      stage.resources.push(resource);
    }
  }

  build(): PipelineStage[] {
    const ordered = [...this.stages.values()]
      .map((s, order) => ({ s, order }))
      .sort((a, b) => stageRank(a.s.name) - stageRank(b.s.name) || a.order - b.order);
    return ordered.map(({ s }, index) => {
      const stage: PipelineStage = { name: s.name, index, resources: s.resources };
      if (s.releaseFlowFilePath !== undefined) stage.releaseFlowFilePath = s.releaseFlowFilePath;
      return stage;
    });
  }
}

function readReleaseFlowFilePath(value: unknown, where: string, errors: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    errors.push(`${where}: expected an object { kind: "ReleaseFlow", spec }, found ${describe(value)}`);
    return undefined;
  }
  if (value.kind !== undefined && value.kind !== 'ReleaseFlow') {
    errors.push(`${where}.kind: expected "ReleaseFlow", found ${describe(value.kind)}`);
  }
  const spec = value.spec;
  if (spec === undefined) return undefined;
  if (!isObject(spec)) {
    errors.push(`${where}.spec: expected the release flow template object, found ${describe(spec)}`);
    return undefined;
  }
  const gitops = spec.gitops;
  if (gitops === undefined) return undefined;
  if (!isObject(gitops)) {
    errors.push(`${where}.spec.gitops: expected an object, found ${describe(gitops)}`);
    return undefined;
  }
  const filePath = gitops.filePath;
  if (filePath === undefined) return undefined;
  if (typeof filePath !== 'string') {
    errors.push(`${where}.spec.gitops.filePath: expected a string, found ${describe(filePath)}`);
    return undefined;
  }
  if (!GITOPS_FILE_PATH.test(filePath)) {
    errors.push(`${where}.spec.gitops.filePath: "${filePath}" is not a repository path starting with "/" (pattern ${GITOPS_FILE_PATH.source})`);
  }
  return filePath;
}

function readStages(stages: unknown[], c: Collector, where: string): void {
  stages.forEach((entry, i) => {
    const at = `${where}[${i}]`;
    // The get-pipeline response types stages[] loosely; accept bare names too.
    if (typeof entry === 'string') {
      const name = c.stageName(entry, at);
      if (name !== undefined) c.stage(name);
      return;
    }
    if (!isObject(entry)) {
      c.errors.push(`${at}: expected a stage object { name, nfObjects, releaseFlow }, found ${describe(entry)}`);
      return;
    }
    const name = c.stageName(entry.name, `${at}.name`);
    if (name === undefined) return;
    if (c.has(name)) {
      c.errors.push(`${at}: stage ${name} is listed more than once; merging its entries`);
    }
    const stage = c.stage(name);
    const objects = entry.nfObjects;
    if (objects !== undefined) {
      if (!Array.isArray(objects)) {
        c.errors.push(`${at}.nfObjects: expected an array, found ${describe(objects)}`);
      } else {
        objects.forEach((o, j) => {
          const r = c.resource(o, `${at}.nfObjects[${j}]`);
          if (r) c.addResource(stage, r);
        });
      }
    }
    const filePath = readReleaseFlowFilePath(entry.releaseFlow, `${at}.releaseFlow`, c.errors);
    if (filePath !== undefined) {
      if (stage.releaseFlowFilePath !== undefined && stage.releaseFlowFilePath !== filePath) {
        c.errors.push(`${at}.releaseFlow: stage ${name} already has release flow ${stage.releaseFlowFilePath}; ignoring ${filePath}`);
      } else {
        stage.releaseFlowFilePath = filePath;
      }
    }
  });
}

function readNfObjects(objects: unknown[], c: Collector, where: string): void {
  objects.forEach((o, i) => {
    const at = `${where}[${i}]`;
    const r = c.resource(o, at);
    if (!r || !isObject(o)) return;
    const name = c.stageName(o.stage, `${at}.stage`);
    if (name === undefined) return;
    c.addResource(c.stage(name), r);
  });
}

/** The object carrying stages/nfObjects, and the path prefix used in messages. */
function locateSpec(root: JsonObject, errors: string[]): { spec: JsonObject; where: string } | undefined {
  const hasContent = (o: JsonObject): boolean => 'stages' in o || 'nfObjects' in o;
  if (root.kind !== undefined) {
    if (root.kind !== 'Pipeline') {
      errors.push(`expected a Pipeline node (kind "Pipeline"), found kind ${describe(root.kind)}`);
      return undefined;
    }
    if (!isObject(root.spec)) {
      errors.push(`Pipeline node: "spec" must be an object with "stages", found ${describe(root.spec)}`);
      return undefined;
    }
    return { spec: root.spec, where: 'spec' };
  }
  if (hasContent(root)) return { spec: root, where: '' };
  if (isObject(root.data) && hasContent(root.data)) return { spec: root.data, where: 'data' };
  if (isObject(root.spec) && hasContent(root.spec)) return { spec: root.spec, where: 'spec' };
  errors.push(
    'not a pipeline description: expected a Pipeline node ({ "kind": "Pipeline", "spec": { "stages": [...] } }), ' +
      'a pipeline spec ({ "stages": [...] }) or a get-pipeline response ({ "data": { "nfObjects": [...] } })',
  );
  return undefined;
}

/**
 * Accepts the Pipeline node format ({kind:'Pipeline', spec:{stages:[...]}}), a
 * bare spec ({stages:[...]}), and the API's get-pipeline response shape
 * ({data:{nfObjects:[{id,type,stage}]}} or {nfObjects:[...]}) grouping nfObjects
 * by stage in the order Development, Staging, Production. Never throws;
 * malformed input gives errors with a clear message.
 */
export function parsePipelineDescription(text: string): PipelineParseResult {
  const errors: string[] = [];
  try {
    const syntax: ParseError[] = [];
    const root: unknown = parse(text, syntax, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    if (syntax.length > 0) {
      for (const e of syntax) {
        errors.push(`invalid JSON at ${lineColumn(text, e.offset)}: ${printParseErrorCode(e.error)}`);
      }
      return { errors };
    }
    if (!isObject(root)) {
      errors.push(`expected a JSON object describing a pipeline, found ${describe(root)}`);
      return { errors };
    }
    const located = locateSpec(root, errors);
    if (!located) return { errors };
    const { spec, where } = located;
    const prefix = where ? `${where}.` : '';

    const c = new Collector();
    const { stages, nfObjects } = spec;
    if (stages !== undefined) {
      if (Array.isArray(stages)) readStages(stages, c, `${prefix}stages`);
      else c.errors.push(`${prefix}stages: expected an array, found ${describe(stages)}`);
    }
    if (nfObjects !== undefined) {
      if (Array.isArray(nfObjects)) {
        // The API always has the three stages, even when one holds nothing.
        if (stages === undefined) for (const name of PIPELINE_STAGE_NAMES) c.stage(name);
        readNfObjects(nfObjects, c, `${prefix}nfObjects`);
      } else {
        c.errors.push(`${prefix}nfObjects: expected an array, found ${describe(nfObjects)}`);
      }
    }
    errors.push(...c.errors);

    const pipeline: PipelineDescription = { stages: c.build() };
    if (typeof spec.name === 'string') pipeline.name = spec.name;
    else if (spec.name !== undefined) errors.push(`${prefix}name: expected a string, found ${describe(spec.name)}`);
    return { pipeline, errors };
  } catch (err) {
    errors.push(`could not read the pipeline description: ${err instanceof Error ? err.message : String(err)}`);
    return { errors };
  }
}

/**
 * Stage words recognised in file names. Exact stage names, plus the common
 * short forms dev, stg and prod (e.g. release-prod.json).
 */
const STAGE_WORDS: Record<string, string> = {
  development: 'Development',
  dev: 'Development',
  staging: 'Staging',
  stg: 'Staging',
  production: 'Production',
  prod: 'Production',
};

function splitPath(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * Stage name from a file name: release-<stage>.json or release/<stage>.json
 * (case-insensitive, in any directory). Recognises development, staging and
 * production and the short forms dev, stg and prod.
 */
export function stageNameFromPath(repoRelativePath: string): string | undefined {
  const parts = splitPath(repoRelativePath);
  const file = parts[parts.length - 1];
  if (file === undefined) return undefined;
  let word: string | undefined;
  const prefixed = /^release-([a-z]+)\.json$/i.exec(file);
  if (prefixed) {
    word = prefixed[1];
  } else {
    const dir = parts[parts.length - 2];
    const bare = /^([a-z]+)\.json$/i.exec(file);
    if (bare && dir !== undefined && dir.toLowerCase() === 'release') word = bare[1];
  }
  return word === undefined ? undefined : STAGE_WORDS[word.toLowerCase()];
}

export interface StageInference {
  stage?: PipelineStage;
  previous?: PipelineStage;
  /** e.g. "pipeline stage Staging lists releaseFlow /release-staging.json" or "file name release-staging.json" */
  reason: string;
}

/** '/'-rooted repository path with forward slashes, for comparison with gitops.filePath. */
function asRepoPath(path: string): string {
  return '/' + splitPath(path).join('/');
}

/** The part of the path that named the stage: release-<stage>.json, or release/<stage>.json. */
function fileName(path: string): string {
  const parts = splitPath(path);
  const last = parts[parts.length - 1] ?? '';
  return /^release-/i.test(last) ? last : parts.slice(-2).join('/');
}

/**
 * Order: a stage whose releaseFlowFilePath equals the flow's repo path (leading
 * '/'), then the flow's own gitops.filePath (a stage listing it, then the stage
 * its file name names), then the stage the file's own name names. Stage names
 * compare case-insensitively. previous = the stage before it, if any.
 */
export function inferStage(
  pipeline: PipelineDescription,
  repoRelativePath: string | undefined,
  gitopsFilePath: string | undefined,
): StageInference {
  const withPrevious = (stage: PipelineStage, reason: string): StageInference => {
    const position = pipeline.stages.indexOf(stage);
    const previous = position > 0 ? pipeline.stages[position - 1] : undefined;
    return previous ? { stage, previous, reason } : { stage, reason };
  };
  const listing = (path: string): PipelineStage | undefined =>
    pipeline.stages.find((s) => s.releaseFlowFilePath !== undefined && asRepoPath(s.releaseFlowFilePath) === path);
  const named = (name: string): PipelineStage | undefined =>
    pipeline.stages.find((s) => s.name.toLowerCase() === name.toLowerCase());

  const repoPath = repoRelativePath !== undefined && splitPath(repoRelativePath).length > 0 ? asRepoPath(repoRelativePath) : undefined;
  const gitopsPath = gitopsFilePath !== undefined && splitPath(gitopsFilePath).length > 0 ? asRepoPath(gitopsFilePath) : undefined;

  if (repoPath !== undefined) {
    const stage = listing(repoPath);
    if (stage) return withPrevious(stage, `pipeline stage ${stage.name} lists releaseFlow ${repoPath}`);
  }
  const misses: string[] = [];
  if (gitopsPath !== undefined) {
    const stage = listing(gitopsPath);
    if (stage) return withPrevious(stage, `pipeline stage ${stage.name} lists releaseFlow ${gitopsPath} (the flow's gitops.filePath)`);
    const name = stageNameFromPath(gitopsPath);
    if (name !== undefined) {
      const byName = named(name);
      if (byName) return withPrevious(byName, `gitops.filePath ${gitopsPath} names stage ${byName.name}`);
      misses.push(`gitops.filePath ${gitopsPath} names stage ${name}, which the pipeline does not have`);
    }
  }
  if (repoPath !== undefined) {
    const name = stageNameFromPath(repoPath);
    if (name !== undefined) {
      const byName = named(name);
      if (byName) return withPrevious(byName, `file name ${fileName(repoPath)}`);
      misses.push(`file name ${fileName(repoPath)} names stage ${name}, which the pipeline does not have`);
    }
  }
  if (misses.length > 0) return { reason: misses.join('; ') };
  const looked = [repoPath, gitopsPath !== repoPath ? gitopsPath : undefined].filter((p): p is string => p !== undefined);
  if (looked.length === 0) return { reason: 'no file path or gitops.filePath to match against the pipeline' };
  return {
    reason: `no pipeline stage lists ${looked.join(' or ')} as its releaseFlow, and the file name names no stage (expected release-<stage>.json or release/<stage>.json)`,
  };
}

export function findResource(stage: PipelineStage, id: string): PipelineResource | undefined {
  return stage.resources.find((r) => r.id === id);
}
