import { RELEASE_FLOW_KINDS, TEARDOWN_ONLY_KINDS, TEARDOWN_ROOT_KINDS, TEMPLATE_ONLY_KINDS } from '../catalogue/kinds';
import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { localValidator, type LocalValidator } from './region';
import { closestName, didYouMean } from '../text/suggest';

/** The kinds a flow's spec accepts, for messages. */
const VALID_KINDS = [...RELEASE_FLOW_KINDS.keys()].filter((kind) => !TEARDOWN_ONLY_KINDS.has(kind));

/** Node kinds the release flow does not accept: unknown ones, template-only ones, and in `teardownSpec` the kinds it does not list. */
export const nodeKindsValidator: LocalValidator = localValidator('node-kinds', ({ model, nodes }) => {
  const result: FlowDiagnostic[] = [];
  for (const node of nodes) {
    if (node.kind === undefined || node.kindSpan === undefined) continue;
    if (TEARDOWN_ONLY_KINDS.has(node.kind) && node.tree === 'spec') {
      result.push(diagnostic('teardown-only-kind', 'error', `'${node.kind}' nodes run only in "teardownSpec", not in the flow's "spec".`, node.kindSpan, { name: node.kind }));
      continue;
    }
    if (RELEASE_FLOW_KINDS.has(node.kind)) {
      // The reference lists the kinds of teardownSpec for its node; they hold for every step nested in it too.
      if (node.tree === 'teardownSpec' && node !== model.teardownRootNode && !TEARDOWN_ROOT_KINDS.has(node.kind)) {
        result.push(
          diagnostic('teardown-kind', 'error',
            `'${node.kind}' nodes are not accepted in "teardownSpec"; it accepts: ${[...TEARDOWN_ROOT_KINDS].join(', ')}.`, node.kindSpan, { name: node.kind }),
        );
      }
      continue;
    }
    if (node === model.rootNode || node === model.teardownRootNode) continue; // the schema requires a Workflow root
    if (TEMPLATE_ONLY_KINDS.has(node.kind)) {
      result.push(
        diagnostic('template-only-kind', 'error',
          `'${node.kind}' nodes exist in templates but not in release flows. A release flow accepts: ${VALID_KINDS.join(', ')}.`, node.kindSpan, { name: node.kind }),
      );
    } else {
      const suggestion = closestName(node.kind, VALID_KINDS);
      result.push(
        diagnostic('unknown-kind', 'error', `Unknown node kind '${node.kind}'.${didYouMean(suggestion)} A release flow accepts: ${VALID_KINDS.join(', ')}.`, node.kindSpan,
          suggestion === undefined ? { name: node.kind } : { name: node.kind, suggestion }),
      );
    }
  }
  return result;
});
