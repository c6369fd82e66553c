import type { Node as JsonNode } from 'jsonc-parser';
import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import { propertyEntry, propertyNode, spanOf } from '../document/parse';

/** A rule list that holds at least one rule. */
function hasRules(list: JsonNode | undefined): boolean {
  return list?.type === 'array' && (list.children ?? []).length > 0;
}

/**
 * Git trigger settings that can never take effect, which the platform accepts
 * without a word: a trigger watching no branch, and ignore flags that are off.
 */
export const triggerRulesValidator: Validator = {
  name: 'trigger-rules',
  validate: ({ model }) => {
    const result: FlowDiagnostic[] = [];
    for (const trigger of model.triggers) {
      if (trigger.json.type !== 'object') continue;
      const branches = propertyNode(trigger.json, 'branchRestrictions');
      const pullRequests = propertyNode(trigger.json, 'prRestrictions');
      if (!hasRules(branches) && !hasRules(pullRequests)) {
        const listed = branches !== undefined || pullRequests !== undefined;
        const at = trigger.refSpan ?? { start: trigger.json.offset, end: trigger.json.offset + 1 };
        result.push(
          diagnostic('trigger-watches-nothing', 'warning',
            `This trigger has neither branchRestrictions nor prRestrictions${listed ? ' with a rule (an empty list matches no branch)' : ''}, so it watches no branch and never starts the flow. Add a rule, e.g. "branchRestrictions": ["main"], or "*" for every branch.`,
            at, trigger.ref === undefined ? undefined : { name: trigger.ref }),
        );
      }
      const flags = propertyEntry(trigger.json, 'ciIgnoreFlags');
      const enabled = propertyNode(trigger.json, 'ciIgnoreFlagsEnabled');
      if (flags?.children?.[0] && hasRules(flags.children[1]) && !(enabled?.type === 'boolean' && enabled.value === true)) {
        const state = enabled === undefined ? 'is not set' : `is ${enabled.type === 'boolean' ? String(enabled.value) : 'not a boolean'}`;
        result.push(
          diagnostic('ci-ignore-flags-ignored', 'warning',
            `ciIgnoreFlags are ignored: ciIgnoreFlagsEnabled is not true (it ${state}), so commits with these flags still start the flow. Set "ciIgnoreFlagsEnabled": true, or remove the list.`,
            spanOf(flags.children[0])),
        );
      }
    }
    return result;
  },
};
