import type { DocumentEnvironment, LanguageSettings } from '../core/language/settings';
import { stageResources } from '../core/language/pipelineIds';
import type { FlowModel } from '../core/document/model';
import type { FlowEnvironmentParams, PlatformPipelineParams } from '../core/language/protocol';

/** What a runtime found about a document's place on disk. */
export interface ResolvedEnvironment extends DocumentEnvironment {
  /** The pipeline description used, if any. */
  pipelineFile?: string;
  /** Why a pipeline description could not be used, for the log. */
  problems: string[];
}

/** What the server needs from its runtime (node: the file system and Git work trees). */
export interface ServerRuntime {
  resolveEnvironment(uri: string, settings: LanguageSettings, workspaceFolders: readonly string[]): Promise<ResolvedEnvironment>;
  /** Glob patterns of files whose changes alter environments, for the client to watch. */
  readonly watchPatterns: readonly string[];
}

/**
 * Environments of the open documents, resolved when a document opens and
 * again whenever settings or a pipeline description change. Features read
 * them synchronously; diagnostics wait until a document's is ready.
 */
export class Environments {
  private readonly resolved = new Map<string, ResolvedEnvironment>();
  private readonly pending = new Map<string, Promise<ResolvedEnvironment>>();
  /** Pipelines the client read from the platform, by document URI: they replace the local description. */
  private readonly platform = new Map<string, { pipeline: NonNullable<PlatformPipelineParams['pipeline']>; source: string }>();

  constructor(
    private readonly runtime: ServerRuntime,
    private readonly settings: () => LanguageSettings,
    private readonly folders: () => readonly string[],
    private readonly warn: (message: string) => void,
  ) {}

  get(uri: string): DocumentEnvironment | undefined {
    return this.resolved.get(uri);
  }

  /** Resolves (again) the environment of a document; concurrent calls share one resolution. */
  resolve(uri: string): Promise<ResolvedEnvironment> {
    const running = this.pending.get(uri);
    if (running) return running;
    const work = this.runtime
      .resolveEnvironment(uri, this.settings(), this.folders())
      .catch((error: unknown): ResolvedEnvironment => ({ problems: [`could not resolve the environment of ${uri}: ${String(error)}`] }))
      .then((found) => {
        const fromPlatform = this.platform.get(uri);
        const environment: ResolvedEnvironment = fromPlatform ? { ...found, pipeline: fromPlatform.pipeline, pipelineFile: fromPlatform.source, problems: [] } : found;
        this.pending.delete(uri);
        this.resolved.set(uri, environment);
        for (const problem of environment.problems) this.warn(`release-flow: ${problem} Pipeline checks and id completion are off for ${uri}.`);
        return environment;
      });
    this.pending.set(uri, work);
    return work;
  }

  /** The environment, once resolved. */
  ready(uri: string): Promise<ResolvedEnvironment | undefined> {
    return this.pending.get(uri) ?? Promise.resolve(this.resolved.get(uri));
  }

  /** What the client may show, e.g. in a status bar. */
  describe(uri: string, model: FlowModel): FlowEnvironmentParams {
    const environment = this.resolved.get(uri);
    const resources = stageResources(model, environment);
    return {
      uri,
      pipelineFile: environment?.pipelineFile,
      stage: resources?.stage?.name,
      reason: resources?.reason ?? (environment?.pipelineFile ? 'the pipeline names no stage for this file' : 'no pipeline description found (.northflank/pipeline.json)'),
    };
  }

  /** The client's platform pipeline for a document, or none (back to the local description); resolve() again to apply. */
  setPlatformPipeline(params: PlatformPipelineParams): void {
    if (params.pipeline) this.platform.set(params.uri, { pipeline: params.pipeline, source: params.source ?? 'Northflank' });
    else this.platform.delete(params.uri);
  }

  forget(uri: string): void {
    this.resolved.delete(uri);
    this.pending.delete(uri);
  }

  uris(): string[] {
    return [...this.resolved.keys()];
  }
}
