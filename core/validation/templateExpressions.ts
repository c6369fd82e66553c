import { diagnostic, type FlowDiagnostic } from './diagnostics';
import { localValidator, type LocalValidator } from './region';
import { forEachExpression } from '../expressions/ast';

const PREFIX = 'template';

/**
 * `${template.…}` reads the run of a parent template, which exists only for the
 * nodes of a template's Pipeline node; a release flow has neither, so the
 * platform's dry run would fail on it. Flagged here instead of at run time.
 */
export const templateExpressionsValidator: LocalValidator = localValidator('template-expressions', ({ sites }) => {
  const result: FlowDiagnostic[] = [];
  for (const site of sites) {
    for (const interpolation of site.template.interpolations) {
      if (!interpolation.expression) continue;
      forEachExpression(interpolation.expression, (expression) => {
        if (expression.type === 'path' && expression.template && expression.segments.length > 1) {
          result.push(templatePrefix(expression.segments[0]?.span ?? expression.span));
        } else if (expression.type === 'call' && expression.template) {
          result.push(templatePrefix({ start: expression.span.start, end: expression.span.start + PREFIX.length }));
        }
      });
    }
  }
  return result;
});

function templatePrefix(span: { start: number; end: number }): FlowDiagnostic {
  return diagnostic('template-expression', 'error',
    '`template.` expressions resolve only inside a template\'s Pipeline node, from the parent template\'s run; a release flow has no parent template, so the platform\'s dry run fails here. Use refs., args. or fn. directly.',
    span);
}
