/**
 * Which project, pipeline and stage of the platform a flow file is for.
 *
 * Each field is taken from, in order: the command's flags, the environment
 * (`NORTHFLANK_PROJECT`, `NORTHFLANK_PIPELINE`, `NORTHFLANK_STAGE`,
 * `NORTHFLANK_TEAM`), the link saved by `release-flow remote link`, and, for
 * the stage only, the stage the file already maps to (pipeline description,
 * `gitops.filePath`, file name). Links live in one small committed file at the
 * repository root, `.northflank/release-flow-links.json`, keyed by the flow's
 * path in the repository: ids only, never a token.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GetPipelineResult } from '@northflank/js-client';
import { parseFlow, propertyNode, propertyValue } from '../document/parse';
import { PIPELINE_STAGE_NAMES, type PipelineDescription } from '../pipeline/description';
import { chooseStage, withFlowInStage } from '../pipeline/stage';
import { atomicWrite } from '../runs/stateFiles';

export interface PlatformTarget {
  project: string;
  pipeline: string;
  stage: string;
  /** Set: the team-scoped paths (`/v1/teams/{teamId}/projects/...`). */
  team?: string;
}

export type TargetField = keyof PlatformTarget;

export type LinkEntry = Omit<PlatformTarget, 'stage'> & { stage?: string };

export interface LinkFile {
  links: Record<string, LinkEntry>;
}

export const LINK_FILE = path.join('.northflank', 'release-flow-links.json');

export class TargetError extends Error {}

const ENV_NAMES: Record<TargetField, string> = { project: 'NORTHFLANK_PROJECT', pipeline: 'NORTHFLANK_PIPELINE', stage: 'NORTHFLANK_STAGE', team: 'NORTHFLANK_TEAM' };
const ID = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;

export function linkFileOf(root: string): string {
  return path.join(root, LINK_FILE);
}

/** The link file of the repository at `root`; empty when there is none. TargetError when it cannot be read. */
export async function readLinks(root: string): Promise<LinkFile> {
  const file = linkFileOf(root);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { links: {} };
    throw new TargetError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<LinkFile>;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.links !== 'object' || parsed.links === null) throw new Error('no "links" object');
    return { links: parsed.links };
  } catch (error) {
    throw new TargetError(`${file} is not a link file (${(error as Error).message}); fix it or remove it and link again.`);
  }
}

/** Saves the link of the flow at `repoPath` (with a leading '/'), keeping the others; returns the file written. */
export async function writeLink(root: string, repoPath: string, entry: LinkEntry): Promise<string> {
  for (const [field, value] of Object.entries(entry)) {
    if (value !== undefined && !ID.test(value)) throw new TargetError(`--${field} '${value}' is not a platform id.`);
  }
  const current = await readLinks(root);
  const links = { ...current.links, [repoPath]: entry };
  const sorted = Object.fromEntries(Object.keys(links).sort().map((key) => [key, links[key] as LinkEntry]));
  const file = linkFileOf(root);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await atomicWrite(file, JSON.stringify({ links: sorted }, null, 2) + '\n');
  return file;
}

export interface TargetInputs {
  flags: Partial<Record<TargetField, string>>;
  env: Readonly<Record<string, string | undefined>>;
  link: LinkEntry | undefined;
  /** The stage the file maps to, with the reason; undefined when nothing maps it. */
  fileStage?: { stage: string; reason: string };
  /** For messages: the flow file as shown to the user. */
  fileName: string;
}

export interface ResolvedTarget {
  target: PlatformTarget;
  /** Where each field came from: `--project`, `NORTHFLANK_PROJECT`, `link`, or the stage's reason. */
  from: Partial<Record<TargetField, string>>;
}

/** Flags, then environment, then link, then (stage) the file's own stage; TargetError naming every missing field. */
export function resolveTarget(inputs: TargetInputs): ResolvedTarget {
  const from: Partial<Record<TargetField, string>> = {};
  const pick = (field: TargetField): string | undefined => {
    const candidates: [string | undefined, string][] = [
      [inputs.flags[field], `--${field}`],
      [inputs.env[ENV_NAMES[field]], ENV_NAMES[field]],
      [inputs.link?.[field], 'link'],
    ];
    if (field === 'stage' && inputs.fileStage) candidates.push([inputs.fileStage.stage, inputs.fileStage.reason]);
    for (const [value, source] of candidates) {
      const trimmed = value?.trim();
      if (trimmed) {
        from[field] = source;
        return trimmed;
      }
    }
    return undefined;
  };
  const project = pick('project');
  const pipeline = pick('pipeline');
  const stage = pick('stage');
  const team = pick('team');
  const missing = (['project', 'pipeline', 'stage'] as const).filter((field) => ({ project, pipeline, stage })[field] === undefined);
  if (project === undefined || pipeline === undefined || stage === undefined) {
    const how = missing.map((field) => `--${field}`).join(', ');
    const envs = missing.map((field) => ENV_NAMES[field]).join(', ');
    const stageHint = missing.includes('stage') ? ' (the file maps to no stage: no pipeline description lists it, and neither its gitops.filePath nor its name names one)' : '';
    throw new TargetError(
      `No platform ${missing.join(', ')} for ${inputs.fileName}${stageHint}: pass ${how}, set ${envs}, or save them with 'release-flow remote link ${inputs.fileName} --project P --pipeline L [--stage S]'.`,
    );
  }
  const target: PlatformTarget = { project, pipeline, stage };
  if (team !== undefined) target.team = team;
  return { target, from };
}

/** `project shop, pipeline shop-pipeline, stage Development (team t)`, for messages. */
export function describeTarget(target: PlatformTarget): string {
  return `project ${target.project}, pipeline ${target.pipeline}, stage ${target.stage}${target.team ? ` (team ${target.team})` : ''}`;
}

/** The key of a flow in the link file: its repository path, or its file name outside a repository. */
export function linkKeyOf(repoPath: string | undefined, flowFile: string): string {
  return repoPath ?? `/${path.basename(flowFile)}`;
}

/**
 * The stage a flow file maps to by itself (pipeline description,
 * `gitops.filePath`, file name); undefined when nothing names one, since
 * the "Development by default" fallback is no answer for a platform target.
 */
export function fileStageOf(text: string, pipeline: PipelineDescription | undefined, repoPath: string | undefined, flowFile: string): { stage: string; reason: string } | undefined {
  const gitopsPath = propertyValue(propertyNode(parseFlow(text).root, 'gitops'), 'filePath');
  const choice = chooseStage(undefined, pipeline, repoPath, path.basename(flowFile), typeof gitopsPath === 'string' ? gitopsPath : undefined);
  return 'stage' in choice && !choice.defaulted ? { stage: choice.stage, reason: choice.reason } : undefined;
}

/**
 * The platform's pipeline (`get pipeline`) as a pipeline description: each
 * stage's resources from `nfObjects`, and the flow (at `repoPath`) in its
 * target stage. `validate --remote` and the editor's resource checks use it.
 */
export function pipelineFromPlatform(result: Pick<GetPipelineResult, 'name' | 'nfObjects'>, stage: string, repoPath: string): PipelineDescription {
  const objects = result.nfObjects ?? [];
  const stages = PIPELINE_STAGE_NAMES.map((name, index) => ({
    name,
    index,
    resources: objects.filter((o) => o.stage.toLowerCase() === name.toLowerCase()).map((o) => ({ id: o.id, type: o.type })),
  }));
  const described: PipelineDescription = { stages };
  if (result.name !== undefined) described.name = result.name;
  const own = stages.find((s) => s.name.toLowerCase() === stage.toLowerCase());
  return withFlowInStage(described, own?.name ?? stage, repoPath);
}
