import type { LocationLink } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
import { argumentDefinitions, innerSpan, refDefinitions, symbolAt } from './targets';

/**
 * Go to definition: a ref to its node or trigger, an output property to the
 * node that produces it, an argument to its `arguments` entry or the rich
 * input that sets it (to `argumentOverrides` only when nothing else does).
 */
export function findDefinition(model: FlowModel, uri: string, offset: number): LocationLink[] {
  const symbol = symbolAt(model, offset);
  if (!symbol) return [];
  const origin = model.lines.rangeOf(symbol.span);
  const link = (target: { start: number; end: number }, selection: { start: number; end: number }): LocationLink => ({
    originSelectionRange: origin,
    targetUri: uri,
    targetRange: model.lines.rangeOf(target),
    targetSelectionRange: model.lines.rangeOf(selection),
  });
  switch (symbol.type) {
    case 'ref':
    case 'property': {
      const name = symbol.type === 'ref' ? symbol.name : symbol.refName;
      return refDefinitions(model, name).map((d) => link(d.span, d.refSpan ? innerSpan(d.refSpan) : d.span));
    }
    case 'arg': {
      const all = argumentDefinitions(model).filter((d) => d.name === symbol.name);
      const preferred = all.filter((d) => d.where !== 'argumentOverrides');
      return (preferred.length > 0 ? preferred : all).map((d) => link(d.span, innerSpan(d.span)));
    }
    case 'function':
      return [];
  }
}
