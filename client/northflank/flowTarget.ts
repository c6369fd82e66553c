/**
 * The platform target of a flow in the editor, found as `release-flow remote`
 * finds it (cli/remoteSetup.ts targetFor), without flags: NORTHFLANK_PROJECT /
 * NORTHFLANK_PIPELINE / NORTHFLANK_STAGE / NORTHFLANK_TEAM, else the committed
 * link (.northflank/release-flow-links.json), and for the stage the one the
 * file maps to. Kept here rather than imported from cli/, which the editor's
 * bundle must not pull in.
 */
import * as path from 'node:path';
import { findGitRoot, repoRelativePath } from '../../core/git/root';
import { fileStageOf, linkKeyOf, readLinks, resolveTarget, TargetError, type LinkEntry, type PlatformTarget } from '../../core/northflank/target';
import { findPipelineFile, loadPipeline } from '../../core/pipeline/files';
import type { PipelineDescription } from '../../core/pipeline/description';

export interface FlowPlace {
  flowFile: string;
  /** The repository root, or the file's folder outside one. */
  root: string;
  /** `/path/in/repo.json` in a repository. */
  repoPath: string | undefined;
  /** The flow's key in the link file. */
  linkKey: string;
}

export interface FlowTarget extends FlowPlace {
  target: PlatformTarget;
  /** Where each field came from (`link`, `NORTHFLANK_PROJECT`, the stage's reason). */
  from: Partial<Record<keyof PlatformTarget, string>>;
}

export async function placeOf(flowFile: string): Promise<FlowPlace> {
  const gitRoot = await findGitRoot(flowFile);
  const repoPath = gitRoot === undefined ? undefined : repoRelativePath(gitRoot, flowFile);
  return { flowFile, root: gitRoot ?? path.dirname(flowFile), repoPath, linkKey: linkKeyOf(repoPath, flowFile) };
}

/** The stage the file maps to by itself (pipeline description, gitops.filePath, file name); undefined when nothing names one. */
export async function fileStage(place: FlowPlace, text: string, pipeline?: PipelineDescription): Promise<{ stage: string; reason: string } | undefined> {
  let description = pipeline;
  if (!description) {
    const file = await findPipelineFile(place.flowFile, place.root);
    description = file === undefined ? undefined : await loadPipeline(file, () => undefined).catch(() => undefined);
  }
  return fileStageOf(text, description, place.repoPath, place.flowFile);
}

/** The target of the flow at `flowFile` with text `text`; TargetError naming what is missing. */
export async function targetOf(flowFile: string, text: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<FlowTarget> {
  const place = await placeOf(flowFile);
  const links = await readLinks(place.root);
  const inputs: Parameters<typeof resolveTarget>[0] = { flags: {}, env, link: links.links[place.linkKey], fileName: path.basename(flowFile) };
  const stage = await fileStage(place, text);
  if (stage) inputs.fileStage = stage;
  try {
    const { target, from } = resolveTarget(inputs);
    return { ...place, target, from };
  } catch (error) {
    // The CLI's message names its flags; the editor's way is the Link command.
    if (error instanceof TargetError) throw new TargetError(error.message.replace(/: pass --.*$/, ': run "Release Flow: Link Flow to Northflank" (or set NORTHFLANK_PROJECT and NORTHFLANK_PIPELINE).'));
    throw error;
  }
}

/** The target, or undefined when the flow is not linked (no error shown). */
export async function targetIfLinked(flowFile: string, text: string, env?: Readonly<Record<string, string | undefined>>): Promise<FlowTarget | undefined> {
  try {
    return await targetOf(flowFile, text, env);
  } catch (error) {
    if (error instanceof TargetError) return undefined;
    throw error;
  }
}

/** Every flow linked in the link file of `root`, with its target (the stage from the link, else from the file). */
export async function linkedFlows(root: string): Promise<{ flowFile: string; entry: LinkEntry }[]> {
  const links = await readLinks(root).catch(() => ({ links: {} as Record<string, LinkEntry> }));
  return Object.entries(links.links).map(([key, entry]) => ({ flowFile: path.join(root, ...key.split('/').filter((p) => p !== '')), entry }));
}
