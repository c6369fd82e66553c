import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import { propertyNode, spanOf } from '../document/parse';

/**
 * A Build node names its source with `branch` or `pullRequestId`, never both
 * (api/get-release-flow.md, Build `spec.branch` and `spec.pullRequestId`).
 */
export const buildSourceValidator: Validator = {
  name: 'build-source',
  validate: ({ model }) => {
    const result: FlowDiagnostic[] = [];
    for (const node of model.nodes) {
      if (node.kind !== 'Build') continue;
      const spec = propertyNode(node.json, 'spec');
      const branch = propertyNode(spec, 'branch');
      const pullRequest = propertyNode(spec, 'pullRequestId');
      if (branch === undefined || pullRequest === undefined || branch.type === 'null' || pullRequest.type === 'null') continue;
      result.push(
        diagnostic('build-branch-and-pull-request', 'error',
          'This Build has both branch and pullRequestId, which the platform has documented as invalid: a build service takes one or the other. Keep the branch, or build the pull request.',
          spanOf(pullRequest)),
      );
    }
    return result;
  },
};
