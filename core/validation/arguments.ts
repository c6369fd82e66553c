import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import { expressionUses } from '../document/expressionUses';
import { createSuggester, didYouMean } from '../text/suggest';

/**
 * `${args.X}` with no default in `arguments` or `argumentOverrides` and no rich input storing X, and
 * arguments that nothing reads.
 */
export const argumentsValidator: Validator = {
  name: 'arguments',
  validate: ({ model }) => {
    // An argument set only in argumentOverrides is inserted by the platform at run time.
    const overrides = model.argumentOverridesNode?.type === 'object' ? (model.argumentOverridesNode.children ?? []).map((p) => p.children?.[0]?.value).filter((k): k is string => typeof k === 'string') : [];
    const defined = new Set<string>([...model.arguments.keys(), ...model.richInputOutputs.map((o) => o.argName), ...overrides]);
    const uses = expressionUses(model).args;
    const result: FlowDiagnostic[] = [];
    const suggest = createSuggester(defined);
    for (const use of uses) {
      if (use.name === '' || defined.has(use.name)) continue;
      const suggestion = suggest(use.name);
      result.push(
        diagnostic('unknown-arg', 'warning',
          `Argument '${use.name}' has no default in "arguments" and no rich input sets it; the run fails unless an override or webhook parameter provides it.${didYouMean(suggestion)}`,
          use.nameSpan, suggestion === undefined ? { name: use.name } : { name: use.name, suggestion }),
      );
    }
    const used = new Set(uses.map((use) => use.name));
    for (const argument of model.arguments.values()) {
      if (!used.has(argument.name)) {
        result.push(diagnostic('unused-arg', 'hint', `Argument '${argument.name}' is never used as \${args.${argument.name}}.`, argument.keySpan, { name: argument.name }));
      }
    }
    return result;
  },
};
