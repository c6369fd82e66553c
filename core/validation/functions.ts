import { FUNCTIONS, maxArity, minArity, signatureOf, type ValueType } from '../catalogue/functions';
import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { localValidator, type LocalValidator } from './region';
import type { Expression } from '../expressions/ast';
import { usesOfSite } from '../document/expressionUses';
import { closestName, didYouMean } from '../text/suggest';

/** `${fn.name(...)}`: the function exists, gets the right number of arguments, and literals of the right type. */
export const functionsValidator: LocalValidator = localValidator('functions', ({ sites }) => {
  const result: FlowDiagnostic[] = [];
  for (const site of sites) {
    for (const use of usesOfSite(site).uses) {
      if (use.type !== 'call') continue;
      const call = use.call;
      if (call.name === '') continue;
      const fn = FUNCTIONS.get(call.name);
      if (!fn) {
        const suggestion = closestName(call.name, FUNCTIONS.keys());
        result.push(
          diagnostic('unknown-function', 'error', `Unknown function '${call.name}'.${didYouMean(suggestion)}`, call.nameSpan,
            suggestion === undefined ? { name: call.name } : { name: call.name, suggestion }),
        );
        continue;
      }
      const min = minArity(fn);
      const max = maxArity(fn);
      const count = call.args.length;
      // A gap in the arguments is a syntax error already; counting it would only add noise.
      const hasGap = call.args.some((arg) => arg.type === 'missing');
      if (!hasGap && (count < min || count > max)) {
        const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
        result.push(
          diagnostic('function-arity', 'error', `fn.${fn.name} takes ${expected} argument${expected === '1' ? '' : 's'}, not ${count}: ${signatureOf(fn)}.`, call.span, { name: fn.name }),
        );
      }
      call.args.forEach((arg, i) => {
        const param = fn.params[Math.min(i, fn.params.length - 1)];
        if (!param || (i >= fn.params.length && !fn.variadic)) return;
        const actual = literalType(arg);
        if (actual !== undefined && param.type !== 'any' && actual !== param.type) {
          result.push(
            diagnostic('function-argument-type', 'warning', `Argument ${i + 1} of fn.${fn.name} (${param.name}) should be a ${param.type}, not a ${actual}.`, arg.span, { name: fn.name }),
          );
        }
      });
    }
  }
  return result;
});

function literalType(expression: Expression): ValueType | undefined {
  switch (expression.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}
