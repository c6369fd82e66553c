import { findNodeAtOffset, type Node as JsonNode } from 'jsonc-parser';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import type { FlowModel, FlowNode } from '../document/model';
import { nodeAtOffset } from '../document/order';
import { propertyNode, propertyValue } from '../document/parse';
import { inferStage, type PipelineResourceType, type PipelineStage } from '../pipeline/description';
import type { DocumentEnvironment } from './settings';

/** The flow's stage and the one before it, as the pipeline-resources check infers them. */
export interface StageResources {
  stage: PipelineStage | undefined;
  previous: PipelineStage | undefined;
  reason: string;
}

export function stageResources(model: FlowModel, environment: DocumentEnvironment | undefined): StageResources | undefined {
  const pipeline = environment?.pipeline;
  if (!pipeline) return undefined;
  const gitopsPath = propertyValue(propertyNode(model.root, 'gitops'), 'filePath');
  const path = environment.repoPath ?? (environment.fileName === undefined ? undefined : `/${environment.fileName}`);
  const { stage, previous, reason } = inferStage(pipeline, path, typeof gitopsPath === 'string' ? gitopsPath : undefined);
  return { stage, previous, reason };
}

/** A field that names a pipeline resource: where it sits in a node, which types it takes, and whether it is in the previous stage. */
interface IdField {
  kind: string;
  path: string[];
  types: (node: FlowNode) => PipelineResourceType[];
  previous?: (node: FlowNode) => boolean;
}

const releaseTypes = (side: 'target' | 'origin') => (node: FlowNode): PipelineResourceType[] => {
  const type = propertyValue(propertyNode(propertyNode(node.json, 'spec'), side), 'type');
  return type === 'service' || type === 'job' ? [type] : ['service', 'job'];
};
const isDeployment = (node: FlowNode): boolean => propertyValue(propertyNode(node.json, 'spec'), 'type') === 'deployment';

const ID_FIELDS: IdField[] = [
  { kind: 'Release', path: ['spec', 'target', 'id'], types: releaseTypes('target') },
  { kind: 'Release', path: ['spec', 'origin', 'id'], types: releaseTypes('origin'), previous: isDeployment },
  { kind: 'JobRun', path: ['spec', 'jobId'], types: () => ['job'] },
  { kind: 'AddonBackup', path: ['spec', 'addonId'], types: () => ['addon'] },
  { kind: 'AddonImport', path: ['spec', 'addonId'], types: () => ['addon'] },
  ...['Action', 'Condition'].flatMap((kind) => [
    { kind, path: ['spec', 'spec', 'data', 'serviceId'], types: (): PipelineResourceType[] => ['service'] },
    { kind, path: ['spec', 'spec', 'data', 'jobId'], types: (): PipelineResourceType[] => ['job'] },
    { kind, path: ['spec', 'spec', 'data', 'addonId'], types: (): PipelineResourceType[] => ['addon'] },
  ]),
];

/** The property holding `offset` in its value (a string, or nothing yet after the colon), with its key path inside the node. */
function valueAt(model: FlowModel, offset: number, node: FlowNode): { path: string[]; replace: { start: number; end: number } } | undefined {
  const found = findNodeAtOffset(node.json, offset, true);
  if (!found) return undefined;
  let property: JsonNode | undefined;
  let replace: { start: number; end: number };
  if (found.type === 'string' && found.parent?.type === 'property' && found.parent.children?.[1] === found) {
    property = found.parent;
    replace = { start: found.offset, end: found.offset + found.length };
  } else if (found.type === 'property' && found.children?.length === 1 && found.colonOffset !== undefined && offset > found.colonOffset) {
    property = found;
    replace = { start: offset, end: offset };
  } else {
    return undefined;
  }
  const path: string[] = [];
  for (let p: JsonNode | undefined = property; p && p !== node.json; p = p.parent) {
    if (p.type === 'property') path.unshift(String(p.children?.[0]?.value));
    else if (p.type === 'array') return undefined;
  }
  return model.text.slice(replace.start, replace.end).includes('${') ? undefined : { path, replace };
}

/** Ids of the stage's services, jobs and addons where a Release, JobRun, AddonBackup, Action or Condition names one. */
export function pipelineIdCompletions(model: FlowModel, offset: number, resources: StageResources | undefined): CompletionItem[] {
  if (!resources?.stage) return [];
  const node = nodeAtOffset(model, offset);
  if (!node?.kind) return [];
  const at = valueAt(model, offset, node);
  if (!at) return [];
  const field = ID_FIELDS.find((f) => f.kind === node.kind && f.path.length === at.path.length && f.path.every((p, i) => p === at.path[i]));
  if (!field) return [];
  const previous = field.previous?.(node) ?? false;
  const stage = previous ? resources.previous : resources.stage;
  if (!stage) return [];
  const types = field.types(node);
  const range = model.lines.rangeOf(at.replace);
  return stage.resources
    .filter((resource) => types.includes(resource.type))
    .map((resource) => ({
      label: resource.id,
      kind: CompletionItemKind.Value,
      detail: `${resource.type} in ${stage.name}`,
      documentation: `${previous ? 'Promoted from' : 'In'} the ${stage.name} stage of the pipeline (stage from ${resources.reason}).`,
      filterText: JSON.stringify(resource.id),
      sortText: `0${resource.id}`,
      textEdit: { range, newText: JSON.stringify(resource.id) },
    }));
}
