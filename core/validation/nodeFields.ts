import type { Node as JsonNode } from 'jsonc-parser';
import { diagnostic, type FlowDiagnostic, type Validator } from '../diagnostics';
import { propertyNode, spanOf } from '../parse';

export const MIN_TIMEOUT_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 14400;

/** `skipNodeExecution` values and `timeoutDuration` ranges, which the platform checks at run time. */
export const nodeFieldsValidator: Validator = {
  name: 'node-fields',
  validate: ({ model }) => {
    const result: FlowDiagnostic[] = [];
    for (const node of model.nodes) {
      const skip = propertyNode(node.json, 'skipNodeExecution');
      if (skip && !isValidSkipValue(skip)) {
        const shown = skip.type === 'string' ? JSON.stringify(skip.value) : skip.type === 'boolean' || skip.type === 'number' ? String(skip.value) : `an ${skip.type}`;
        const hint = skip.type === 'boolean' ? ` Write it as a string: "${String(skip.value)}".` : '';
        result.push(
          diagnostic('skip-node-execution', 'error', `skipNodeExecution must be "true", "false" or a \${...} expression that resolves to a boolean, not ${shown}.${hint}`, spanOf(skip)),
        );
      }
    }
    // Only the node trees: an argument default or other top-level field named timeoutDuration is no node timeout.
    const trees = [model.rootNode, model.teardownRootNode].filter((n) => n !== undefined);
    for (const tree of trees) forEachTimeout(tree.json, (value) => {
      if (value.type !== 'number') return;
      const seconds = value.value as number;
      if (!Number.isInteger(seconds) || seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
        result.push(
          diagnostic('timeout-range', 'error', `timeoutDuration is ${seconds} s; the platform accepts whole seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} (4 hours).`, spanOf(value)),
        );
      }
    });
    return result;
  },
};

function isValidSkipValue(value: JsonNode): boolean {
  if (value.type === 'object') return true; // the reference allows an object form
  if (value.type !== 'string') return false;
  const text = value.value as string;
  const open = text.indexOf('${');
  return text === 'true' || text === 'false' || (open >= 0 && text.indexOf('}', open + 2) >= 0);
}

function forEachTimeout(root: JsonNode, visit: (value: JsonNode) => void): void {
  const stack: JsonNode[] = [root];
  while (stack.length > 0) {
    const json = stack.pop() as JsonNode;
    if (json.type === 'property') {
      const [key, value] = json.children ?? [];
      if (key?.value === 'timeoutDuration' && value) visit(value);
      if (value) stack.push(value);
    } else if (json.children) {
      for (const child of json.children) stack.push(child);
    }
  }
}
