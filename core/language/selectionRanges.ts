import { findNodeAtOffset, type Node as JsonNode } from 'jsonc-parser';
import type { Position, SelectionRange } from 'vscode-languageserver-types';
import { forEachExpression } from '../expressions/ast';
import type { FlowModel } from '../document/model';
import type { Span } from '../text/positions';
import { contentEnd, siteAt } from './cursor';

/**
 * Smart selection: inside `${...}`, a name, then its dotted path or call,
 * each enclosing call, the interpolation and the string's content; then the
 * JSON value, its property, the object around it, and so on up to the
 * document.
 */
export function getSelectionRanges(model: FlowModel, positions: Position[]): SelectionRange[] {
  return positions.map((position) => {
    const offset = model.lines.offsetAt(position);
    const spans: Span[] = [];
    const site = siteAt(model, offset);
    if (site) {
      const interpolation = site.template.interpolations.find((i) => offset >= i.span.start && offset <= i.span.end);
      if (interpolation?.expression) {
        const inner: Span[] = [];
        forEachExpression(interpolation.expression, (expression) => {
          if (expression.span.start > offset || offset > expression.span.end) return;
          inner.push(expression.span);
          if (expression.type === 'path') {
            const segment = expression.segments.find((s) => offset >= s.span.start && offset <= s.span.end);
            if (segment) inner.push(segment.span);
          } else if (expression.type === 'call' && offset >= expression.nameSpan.start && offset <= expression.nameSpan.end) {
            inner.push(expression.nameSpan);
          }
        });
        spans.push(...inner.reverse());
      }
      if (interpolation) spans.push(interpolation.innerSpan, interpolation.span);
      spans.push({ start: site.json.offset + 1, end: contentEnd(model.text, site.json) });
    }
    for (let json: JsonNode | undefined = model.root && findNodeAtOffset(model.root, offset, true); json; json = json.parent) {
      spans.push({ start: json.offset, end: json.offset + json.length });
    }
    spans.push({ start: 0, end: model.text.length });
    return chain(model, spans);
  });
}

/** Innermost first: drops empty and repeated spans and any that would not contain the previous one. */
function chain(model: FlowModel, spans: Span[]): SelectionRange {
  const kept: Span[] = [];
  for (const span of spans) {
    const last = kept[kept.length - 1];
    if (span.end <= span.start) continue;
    if (last && (span.start > last.start || span.end < last.end || (span.start === last.start && span.end === last.end))) continue;
    kept.push(span);
  }
  let parent: SelectionRange | undefined;
  for (let i = kept.length - 1; i >= 0; i--) {
    const range: SelectionRange = { range: model.lines.rangeOf(kept[i] as Span) };
    if (parent) range.parent = parent;
    parent = range;
  }
  return parent ?? { range: model.lines.rangeOf({ start: 0, end: model.text.length }) };
}
