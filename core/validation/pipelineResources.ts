import type { Node as JsonNode } from 'jsonc-parser';
import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import type { FlowNode } from '../document/model';
import { propertyNode, propertyValue, spanOf } from '../document/parse';
import { findResource, inferStage, type PipelineResourceType, type PipelineStage } from '../pipeline/description';
import { closestName, didYouMean } from '../text/suggest';

/**
 * Checks resource ids against the pipeline description: a Release deploys to
 * a service or job of this flow's stage, and a promotion starts from one of
 * the previous stage. JobRun and AddonBackup ids are checked against the stage too.
 */
export const pipelineResourcesValidator: Validator = {
  name: 'pipeline-resources',
  validate: ({ model, pipeline, repoPath, fileName }) => {
    const result: FlowDiagnostic[] = [];
    if (!pipeline) return result;
    const gitopsPath = propertyValue(propertyNode(model.root, 'gitops'), 'filePath');
    // Outside a repository the file name alone can still name the stage (release-<stage>.json).
    const path = repoPath ?? (fileName === undefined ? undefined : `/${fileName}`);
    const { stage, previous, reason } = inferStage(pipeline, path, typeof gitopsPath === 'string' ? gitopsPath : undefined);
    if (!stage) return result;
    const check = (node: FlowNode, idNode: JsonNode | undefined, type: unknown, inStage: PipelineStage | undefined, role: string, severity: 'error' | 'warning'): void => {
      if (idNode?.type !== 'string') return;
      const id = idNode.value as string;
      if (id.includes('${')) return;
      const resourceType = type === 'service' || type === 'job' || type === 'addon' ? (type as PipelineResourceType) : undefined;
      if (!inStage) {
        result.push(diagnostic('pipeline-origin', severity, `${role} '${id}' must come from the stage before ${stage.name}, but ${stage.name} is the first stage of the pipeline.`, spanOf(idNode)));
        return;
      }
      const found = findResource(inStage, id);
      if (found && (resourceType === undefined || found.type === resourceType)) return;
      const candidates = inStage.resources.filter((r) => resourceType === undefined || r.type === resourceType).map((r) => r.id);
      const suggestion = closestName(id, candidates);
      const code = inStage === stage ? 'pipeline-target' : 'pipeline-origin';
      const problem = found
        ? `'${id}' is a ${found.type} in ${inStage.name}, not a ${resourceType ?? 'resource'}.`
        : `'${id}' is not a ${resourceType ?? 'resource'} of the ${inStage.name} stage.${didYouMean(suggestion)}`;
      const available = candidates.length > 0 ? ` ${inStage.name} has: ${candidates.join(', ')}.` : '';
      result.push(
        diagnostic(code, severity, `${role} of the ${node.kind} node: ${problem}${available} (Stage from ${reason}.)`, spanOf(idNode),
          suggestion === undefined ? { name: id } : { name: id, suggestion }),
      );
    };
    for (const node of model.nodes) {
      const spec = propertyNode(node.json, 'spec');
      switch (node.kind) {
        case 'Release': {
          const target = propertyNode(spec, 'target');
          check(node, propertyNode(target, 'id'), propertyValue(target, 'type'), stage, 'Target', 'error');
          if (propertyValue(spec, 'type') === 'deployment') {
            const origin = propertyNode(spec, 'origin');
            check(node, propertyNode(origin, 'id'), propertyValue(origin, 'type'), previous, 'Promotion origin', 'error');
          }
          break;
        }
        case 'JobRun':
          check(node, propertyNode(spec, 'jobId'), 'job', stage, 'Job', 'warning');
          break;
        case 'AddonBackup':
          check(node, propertyNode(spec, 'addonId'), 'addon', stage, 'Addon', 'warning');
          break;
        default:
          break;
      }
    }
    return result;
  },
};
