import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import { expressionUses } from '../document/expressionUses';
import { createSuggester, didYouMean } from '../text/suggest';
import { takesBoolean } from '../expressions/evaluate';
import type { PathExpression } from '../expressions/ast';
import type { FlowModel } from '../document/model';

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
    let asBoolean: Map<PathExpression, string> | undefined;
    for (const use of uses) {
      if (use.name === '' || defined.has(use.name)) continue;
      asBoolean ??= booleanArguments(model);
      const suggestion = suggest(use.name);
      const fn = asBoolean.get(use.path);
      // The platform reads an unresolved argument as false where a function takes a boolean, and fails the run anywhere else.
      const outcome = fn === undefined ? 'the run fails' : `as a boolean argument of fn.${fn} it counts as false`;
      result.push(
        diagnostic('unknown-arg', 'warning',
          `Argument '${use.name}' has no default in "arguments" and no rich input sets it; ${outcome} unless an override or webhook parameter provides it.${didYouMean(suggestion)}`,
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

/** `args.X` paths written directly as an argument a function takes as a boolean, with that function's name. */
function booleanArguments(model: FlowModel): Map<PathExpression, string> {
  const found = new Map<PathExpression, string>();
  for (const { call } of expressionUses(model).calls) {
    call.args.forEach((argument, index) => {
      if (argument.type === 'path' && takesBoolean(call.name, index)) found.set(argument, call.name);
    });
  }
  return found;
}
