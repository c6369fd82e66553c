/**
 * Which pipeline stage a run is for, and what that stage holds: from
 * `.northflank/pipeline.json` when there is one, otherwise inferred from what
 * the flow itself names (its release targets, jobs and addons in its stage,
 * its promotion origins in the stage before).
 */
import type { FlowModel } from '../document/model';
import { propertyNode, propertyValue } from '../document/parse';
import { inferStage, PIPELINE_STAGE_NAMES, stageNameFromPath, type PipelineDescription, type PipelineResource, type PipelineResourceType } from './description';

/** `defaulted`: nothing said which stage, so Development was taken: worth a note. */
export type StageChoice = { stage: string; reason: string; defaulted?: boolean } | { error: string };

/** `requested` (--stage) wins; then the pipeline's own inference; then the file name; then Development. */
export function chooseStage(
  requested: string | undefined,
  pipeline: PipelineDescription | undefined,
  repoPath: string | undefined,
  fileName: string,
  gitopsFilePath: string | undefined,
): StageChoice {
  const names = pipeline ? pipeline.stages.map((s) => s.name) : [...PIPELINE_STAGE_NAMES];
  if (requested !== undefined) {
    const found = names.find((name) => name.toLowerCase() === requested.trim().toLowerCase());
    if (found) return { stage: found, reason: '--stage' };
    if (pipeline) return { error: `The pipeline has no stage '${requested}'; its stages are ${names.join(', ')}.` };
    return { error: `'${requested}' is not a pipeline stage; use ${names.join(', ')}.` };
  }
  if (pipeline) {
    const inferred = inferStage(pipeline, repoPath ?? `/${fileName}`, gitopsFilePath);
    if (inferred.stage) return { stage: inferred.stage.name, reason: inferred.reason };
    return { error: `Cannot tell which stage of the pipeline this flow is for: ${inferred.reason}. Pass --stage.` };
  }
  const named = stageNameFromPath(repoPath ?? fileName) ?? (gitopsFilePath ? stageNameFromPath(gitopsFilePath) : undefined);
  if (named) return { stage: named, reason: `file name ${fileName}` };
  return { stage: 'Development', reason: 'no pipeline description and no stage in the file name: Development by default (pass --stage to choose)', defaulted: true };
}

/** The stages up to `stage`, holding the resources the flow names. */
export function inferPipeline(model: FlowModel, stage: string): PipelineDescription {
  const index = PIPELINE_STAGE_NAMES.findIndex((name) => name === stage);
  const names = index >= 0 ? PIPELINE_STAGE_NAMES.slice(0, index + 1) : [stage];
  const current: PipelineResource[] = [];
  const previous: PipelineResource[] = [];
  const add = (list: PipelineResource[], id: unknown, type: PipelineResourceType): void => {
    if (typeof id !== 'string' || id === '' || id.includes('${')) return;
    if (!list.some((r) => r.id === id && r.type === type)) list.push({ id, type });
  };
  for (const node of model.nodes) {
    if (node.tree !== 'spec') continue;
    const spec = propertyNode(node.json, 'spec');
    const data = propertyNode(propertyNode(spec, 'spec'), 'data');
    switch (node.kind) {
      case 'Release': {
        const target = propertyNode(spec, 'target');
        add(current, propertyValue(target, 'id'), propertyValue(target, 'type') === 'job' ? 'job' : 'service');
        if (propertyValue(spec, 'type') === 'deployment') {
          const origin = propertyNode(spec, 'origin');
          add(previous, propertyValue(origin, 'id'), propertyValue(origin, 'type') === 'job' ? 'job' : 'service');
        }
        break;
      }
      case 'JobRun':
        add(current, propertyValue(spec, 'jobId'), 'job');
        break;
      case 'AddonBackup':
      case 'AddonImport':
        add(current, propertyValue(spec, 'addonId'), 'addon');
        break;
      case 'Action':
      case 'Condition':
        add(current, propertyValue(data, 'serviceId'), 'service');
        add(current, propertyValue(data, 'jobId'), 'job');
        add(current, propertyValue(data, 'addonId'), 'addon');
        break;
      default:
        break;
    }
  }
  return {
    stages: names.map((name, i) => ({ name, index: i, resources: i === names.length - 1 ? current : i === names.length - 2 ? previous : [] })),
  };
}

/** A copy of the pipeline in which `stage` lists the flow at `path`, so that validators judge it against that stage. */
export function withFlowInStage(pipeline: PipelineDescription, stage: string, path: string): PipelineDescription {
  return {
    ...pipeline,
    stages: pipeline.stages.map((s) => {
      const copy = { ...s };
      if (s.name === stage) copy.releaseFlowFilePath = path;
      else if (s.releaseFlowFilePath === path) delete copy.releaseFlowFilePath;
      return copy;
    }),
  };
}
