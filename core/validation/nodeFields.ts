import type { Node as JsonNode } from 'jsonc-parser';
import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { localValidator, type LocalValidator } from './region';
import { propertyNode, spanOf } from '../document/parse';
import { MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../catalogue/kinds';

/** `skipNodeExecution` values and the Release node's `timeoutDuration` range, which the platform checks at run time. */
export const nodeFieldsValidator: LocalValidator = localValidator('node-fields', ({ nodes, timeouts }) => {
  const result: FlowDiagnostic[] = [];
  for (const node of nodes) {
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
  // Only the Release node's: the reference documents the range for it alone (Condition and Action timeouts have none).
  const releases = new Set(nodes.filter((node) => node.kind === 'Release').map((node) => node.json));
  for (const value of timeouts) {
    if (value.type !== 'number' || !value.parent?.parent || !releases.has(value.parent.parent)) continue;
    const seconds = value.value as number;
    if (!Number.isInteger(seconds) || seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
      result.push(
        diagnostic('timeout-range', 'error', `timeoutDuration is ${seconds} s; the platform accepts whole seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} (4 hours) for a Release node.`, spanOf(value)),
      );
    }
  }
  return result;
});

function isValidSkipValue(value: JsonNode): boolean {
  if (value.type === 'object') return true; // the reference allows an object form
  if (value.type !== 'string') return false;
  const text = value.value as string;
  const open = text.indexOf('${');
  return text === 'true' || text === 'false' || (open >= 0 && text.indexOf('}', open + 2) >= 0);
}
