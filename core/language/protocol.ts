/**
 * What the language server and the editor extension agree on, declared once
 * for both sides (server/ and client/ import it): commands, settings and
 * custom messages. Plain data and types only: no LSP or `vscode` import.
 */
import type { WebviewDiagnostic } from '../graph/messages';
import type { PipelineDescription } from '../pipeline/description';
import type { SeveritySetting } from '../validation/diagnostics';

/**
 * Commands the server puts in code lenses and code actions; the extension
 * registers them. Each takes the document URI as its only argument.
 */
export type ReleaseFlowCommand =
  /** Client-side: run the flow on the local runner (`release-flow run <file>`). Server -> client, via a code lens. */
  | { command: 'releaseFlow.runLocally'; arguments: [uri: string] }
  /** Client-side: open the flow graph preview beside the editor. Server -> client, via a code lens. */
  | { command: 'releaseFlow.openPreview'; arguments: [uri: string] };

export const COMMANDS = {
  runLocally: 'releaseFlow.runLocally',
  openPreview: 'releaseFlow.openPreview',
} as const satisfies Record<string, ReleaseFlowCommand['command']>;

/** The language id of release-flow documents: the server treats any document of this language as a flow, whatever its name or content. */
export const RELEASE_FLOW_LANGUAGE_ID = 'release-flow';

/** The configuration section the server reads (`workspace/configuration`, or `initializationOptions` when the client cannot be asked). */
export const SETTINGS_SECTION = 'releaseFlow';

/** `releaseFlow.*` settings, as the user writes them. Every field is optional; wrong values fall back to the defaults. */
export interface ReleaseFlowSettings {
  diagnostics?: {
    /** Per diagnostic code (`unknown-arg`, `unused-arg`, ...): another severity, or `off` to hide it. */
    severity?: Record<string, SeveritySetting>;
    /** Milliseconds to wait after an edit before diagnostics are computed and published (push mode). */
    delay?: number;
  };
  /** Past this many characters a file gets an informational diagnostic and only the cheap checks (no schema pass). */
  maxFileSize?: number;
  /** The pipeline description; relative paths resolve from the workspace folder. Default: the nearest `.northflank/pipeline.json`. */
  pipelineFile?: string;
  /** `detect` (default): only files named like flows or containing one; `all`: every document the client opens. */
  documents?: 'detect' | 'all';
}

/**
 * Custom notifications. Server -> client: the flow environment the server
 * resolved for a document (its stage and pipeline file), for a status bar.
 */
export const FLOW_ENVIRONMENT_NOTIFICATION = 'releaseFlow/environment';

export interface FlowEnvironmentParams {
  uri: string;
  /** The pipeline description in use, if any (a file path). */
  pipelineFile: string | undefined;
  /** The flow's stage, e.g. `Staging`, when the pipeline names it. */
  stage: string | undefined;
  /** Why that stage (or why none), as core/pipeline.ts `inferStage` explains it. */
  reason: string;
}

/**
 * Client -> server: the pipeline to check a flow document against, read from
 * Northflank by the extension (`releaseFlow.northflank.checkResources`); it
 * replaces the local description for that document. Without `pipeline`, the
 * local description is used again.
 */
export const PLATFORM_PIPELINE_NOTIFICATION = 'releaseFlow/platformPipeline';

export interface PlatformPipelineParams {
  uri: string;
  pipeline?: PipelineDescription;
  /** Shown where the pipeline file's path would be: `Northflank project/pipeline`. */
  source?: string;
}

/**
 * Client -> server request: the flow graph of an open document's version,
 * built from the model the server already parsed, for the preview's first
 * picture (the page then needs no parse of its own before drawing). The
 * diagnostics are the client's for that version, so the cards carry the same
 * errors and warnings the editor shows. The answer is null when the server
 * has another version, the text is not valid JSON, or the flow is past the
 * analysis limits: the page parses the text itself then, as before.
 */
export const FLOW_GRAPH_REQUEST = 'releaseFlow/graph';

export interface FlowGraphParams {
  textDocument: { uri: string };
  version: number;
  diagnostics: WebviewDiagnostic[];
}

export interface FlowGraphResult {
  version: number;
  /** JSON text (core/graph/wire.ts encodeGraph): passed on to the page as it is. */
  graph: string;
}
