import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { localValidator, type LocalValidator } from './region';
import { propertyNode, spanOf } from '../document/parse';

/**
 * A Build node of a build service names its source with `branch` or
 * `pullRequestId`: one of them, never both (api/get-release-flow.md, Build
 * `spec.branch` and `spec.pullRequestId`).
 */
export const buildSourceValidator: LocalValidator = localValidator('build-source', ({ nodes }) => {
  const result: FlowDiagnostic[] = [];
  for (const node of nodes) {
    if (node.kind !== 'Build') continue;
    const spec = propertyNode(node.json, 'spec');
    const branch = propertyNode(spec, 'branch');
    const pullRequest = propertyNode(spec, 'pullRequestId');
    const given = (value: typeof branch): boolean => value !== undefined && value.type !== 'null';
    if (!given(branch) && !given(pullRequest)) {
      // Only build services need one ("Only supported by build services"); a job build may name a sha alone.
      const specKey = node.json.type === 'object' ? node.json.children?.find((p) => p.children?.[0]?.value === 'spec')?.children?.[0] : undefined;
      if (propertyNode(spec, 'type')?.value === 'service' && specKey) {
        result.push(diagnostic('build-branch-or-pull-request', 'error',
          'This Build of a build service has neither branch nor pullRequestId; the platform requires one of them (a sha alone names no branch to build from).',
          spanOf(specKey)));
      }
      continue;
    }
    if (!given(branch) || !given(pullRequest) || pullRequest === undefined) continue;
    result.push(
      diagnostic('build-branch-and-pull-request', 'error',
        'This Build has both branch and pullRequestId, which the platform has documented as invalid: a build service takes one or the other. Keep the branch, or build the pull request.',
        spanOf(pullRequest)),
    );
  }
  return result;
});
