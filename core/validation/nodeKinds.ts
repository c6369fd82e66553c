import { RELEASE_FLOW_KINDS, TEARDOWN_ONLY_KINDS, TEMPLATE_ONLY_KINDS } from '../catalogue/kinds';
import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import { closestName, didYouMean } from '../text/suggest';

/** Node kinds the release flow does not accept: unknown ones, and template-only ones. */
export const nodeKindsValidator: Validator = {
  name: 'node-kinds',
  validate: ({ model }) => {
    const result: FlowDiagnostic[] = [];
    const valid = [...RELEASE_FLOW_KINDS.keys()].filter((kind) => !TEARDOWN_ONLY_KINDS.has(kind));
    for (const node of model.nodes) {
      if (node.kind === undefined || node.kindSpan === undefined) continue;
      if (TEARDOWN_ONLY_KINDS.has(node.kind) && node.tree === 'spec') {
        result.push(diagnostic('teardown-only-kind', 'error', `'${node.kind}' nodes run only in "teardownSpec", not in the flow's "spec".`, node.kindSpan, { name: node.kind }));
        continue;
      }
      if (RELEASE_FLOW_KINDS.has(node.kind)) continue;
      if (node === model.rootNode || node === model.teardownRootNode) continue; // the schema requires a Workflow root
      if (TEMPLATE_ONLY_KINDS.has(node.kind)) {
        result.push(
          diagnostic('template-only-kind', 'error',
            `'${node.kind}' nodes exist in templates but not in release flows. A release flow accepts: ${valid.join(', ')}.`, node.kindSpan, { name: node.kind }),
        );
      } else {
        const suggestion = closestName(node.kind, valid);
        result.push(
          diagnostic('unknown-kind', 'error', `Unknown node kind '${node.kind}'.${didYouMean(suggestion)} A release flow accepts: ${valid.join(', ')}.`, node.kindSpan,
            suggestion === undefined ? { name: node.kind } : { name: node.kind, suggestion }),
        );
      }
    }
    return result;
  },
};
