/**
 * What the `remote` commands and `validate --remote` share: the flow file,
 * its repository, its platform target and a client with credentials.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlatformClient } from '../core/northflank/client';
import { CredentialsError, resolveCredentials, sendsTokenInClear, type Credentials } from '../core/northflank/credentials';
import { fileStageOf, linkKeyOf, pipelineFromPlatform, readLinks, resolveTarget, TargetError, type PlatformTarget, type TargetField } from '../core/northflank/target';
import type { PipelineDescription } from '../core/pipeline/description';
import { findGitRoot, repoRelativePath } from './files';
import type { CommandIo } from './io';
import { platformWaits } from './progress';
import { displayPath } from './runView';
import { openWorkspace, pipelineFor, type Workspace } from './runSetup';

/** The flags that name a target, for parseArgs. */
export const TARGET_OPTIONS = {
  project: { type: 'string' },
  pipeline: { type: 'string' },
  stage: { type: 'string' },
  team: { type: 'string' },
} as const;

export interface RemoteFlow {
  flowFile: string;
  display: string;
  text: string;
  workspace: Workspace;
  /** `/path/in/repo.json` when the file is in a Git repository. */
  repoPath: string | undefined;
  /** The repository root, or the file's folder outside one. */
  root: string;
}

export interface RemoteContext extends RemoteFlow {
  target: PlatformTarget;
  client: PlatformClient;
  credentials: Credentials;
}

/** A problem before any request: a missing file, target or token (exit 2). */
export class SetupError extends Error {}

export function envOf(io: CommandIo): Readonly<Record<string, string | undefined>> {
  return io.env ?? process.env;
}

/** `allowMissing`: a file that does not exist yet reads as '' (`remote pull` creates it). */
export async function readRemoteFlow(fileArg: string, io: CommandIo, allowMissing = false): Promise<RemoteFlow> {
  const flowFile = path.resolve(io.cwd, fileArg);
  let text: string;
  try {
    text = await fs.readFile(flowFile, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing || !allowMissing) throw new SetupError(`cannot read '${fileArg}': ${missing ? 'no such file' : (error as Error).message}.`);
    text = '';
  }
  // A file `remote pull` is to create may be in a folder that does not exist yet: its nearest existing folder tells the repository.
  let folder = path.dirname(flowFile);
  while (!(await fs.stat(folder).then((s) => s.isDirectory(), () => false)) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  const gitRoot = await findGitRoot(path.join(folder, path.basename(flowFile)));
  const workspace = await openWorkspace(folder, io);
  return { flowFile, display: displayPath(flowFile, io.cwd), text, workspace, repoPath: gitRoot === undefined ? undefined : repoRelativePath(gitRoot, flowFile), root: gitRoot ?? folder };
}

/** The link key of a flow: its repository path, or its file name outside a repository. */
export function linkKey(flow: RemoteFlow): string {
  return linkKeyOf(flow.repoPath, flow.flowFile);
}

export async function targetFor(flow: RemoteFlow, flags: Partial<Record<TargetField, string | undefined>>, io: CommandIo): Promise<PlatformTarget> {
  const pipeline = await pipelineFor(flow.flowFile, undefined, flow.workspace, io).catch(() => undefined);
  const fileStage = fileStageOf(flow.text, pipeline, flow.repoPath, flow.flowFile);
  const links = await readLinks(flow.root);
  const cleanFlags: Partial<Record<TargetField, string>> = {};
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) cleanFlags[key as TargetField] = value;
  const inputs: Parameters<typeof resolveTarget>[0] = { flags: cleanFlags, env: envOf(io), link: links.links[linkKey(flow)], fileName: flow.display };
  if (fileStage) inputs.fileStage = fileStage;
  return resolveTarget(inputs).target;
}

export async function clientFor(io: CommandIo, onNotice: (message: string) => void, signal?: AbortSignal): Promise<{ client: PlatformClient; credentials: Credentials }> {
  const env = envOf(io);
  const credentials = await resolveCredentials(env, env.HOME ?? os.homedir());
  if (sendsTokenInClear(credentials.baseUrl)) io.err(`release-flow: warning: ${credentials.baseUrl} is plain http: the API token travels unencrypted.`);
  const base = Number(env.RELEASE_FLOW_RETRY_MS);
  const options: ConstructorParameters<typeof PlatformClient>[1] = { onNotice };
  if (Number.isFinite(base) && base >= 0 && env.RELEASE_FLOW_RETRY_MS !== undefined) options.retryDelaysMs = [base, base * 2, base * 4];
  if (signal) options.signal = signal;
  const waits = platformWaits(io);
  if (waits) options.onRequest = waits;
  return { client: new PlatformClient(credentials, options), credentials };
}

export async function openRemote(fileArg: string, flags: Partial<Record<TargetField, string | undefined>>, io: CommandIo, allowMissing = false): Promise<RemoteContext> {
  const flow = await readRemoteFlow(fileArg, io, allowMissing);
  try {
    const target = await targetFor(flow, flags, io);
    const { client, credentials } = await clientFor(io, (message) => io.err(`release-flow: ${message}`));
    return { ...flow, target, client, credentials };
  } catch (error) {
    if (error instanceof TargetError || error instanceof CredentialsError) throw new SetupError(error.message);
    throw error;
  }
}

/** The pipeline as the platform has it (get pipeline's nfObjects), with the flow listed in its target stage. */
export async function platformPipeline(client: PlatformClient, target: PlatformTarget, repoPath: string): Promise<PipelineDescription> {
  return pipelineFromPlatform(await client.getPipeline(target), target.stage, repoPath);
}

/** `validate --remote`: the pipeline of the file's target, from the platform. */
export async function remotePipelineFor(fileArg: string, flags: Partial<Record<TargetField, string | undefined>>, io: CommandIo): Promise<PipelineDescription> {
  const context = await openRemote(fileArg, flags, io);
  return platformPipeline(context.client, context.target, linkKey(context));
}
