import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { localValidator, type LocalValidator } from './region';
import { usesOfSite } from '../document/expressionUses';
import { forEachExpression } from '../expressions/ast';
import { closestName, didYouMean } from '../text/suggest';

const NAMESPACE_NAMES = ['refs', 'args', 'fn'];

/** `${...}` syntax errors at the exact character, and paths outside refs/args/fn. */
export const expressionSyntaxValidator: LocalValidator = localValidator('expression-syntax', ({ sites }) => {
  const result: FlowDiagnostic[] = [];
  for (const site of sites) {
    for (const error of site.template.errors) {
      result.push(diagnostic('expression-syntax', 'error', error.message, error.span));
    }
    for (const interpolation of site.template.interpolations) {
      if (!interpolation.expression) continue;
      forEachExpression(interpolation.expression, (expression) => {
        if (expression.type !== 'path') return;
        if (expression.segments.length === 1 && expression.segments[0]?.name === 'template') {
          result.push(diagnostic('expression-syntax', 'error', 'Incomplete expression: write template.refs..., template.args... or template.fn...(...).', expression.span));
          return;
        }
        const [namespace, name] = expression.segments.slice(expression.template ? 1 : 0);
        if ((namespace?.name === 'refs' || namespace?.name === 'args') && name === undefined) {
          const what = namespace.name === 'refs' ? 'refs.<node ref>.<property>' : 'args.<argument name>';
          result.push(diagnostic('expression-syntax', 'error', `Incomplete expression: write ${what}.`, expression.span));
        }
      });
    }
  }
  for (const use of sites.flatMap((site) => usesOfSite(site).uses)) {
    if (use.type !== 'unknown-namespace') continue;
    const first = use.path.segments[0];
    if (!first) continue;
    const suggestion = closestName(first.name, NAMESPACE_NAMES);
    result.push(
      diagnostic(
        'unknown-namespace',
        'error',
        `'${first.name}' is not something an expression can read: use refs.<node>, args.<name> or fn.<function>(...).${didYouMean(suggestion)}` +
          (suggestion === undefined ? ' A shell variable needs $NAME without braces.' : ''),
        first.span,
        suggestion === undefined ? { name: first.name } : { name: first.name, suggestion },
      ),
    );
  }
  return result;
});
