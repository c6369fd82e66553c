import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import { FUNCTIONS } from '../catalogue/functions';
import { forEachExpression } from '../expressions/ast';
import type { FlowModel } from '../document/model';
import type { Span } from '../text/positions';
import { argumentDefinitions, innerSpan } from './targets';

const TYPES = ['namespace', 'variable', 'parameter', 'function', 'property', 'string', 'number', 'keyword', 'operator'] as const;
const MODIFIERS = ['declaration', 'readonly', 'defaultLibrary'] as const;
type TokenType = (typeof TYPES)[number];
type TokenModifier = (typeof MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

interface Token {
  span: Span;
  type: TokenType;
  modifiers: TokenModifier[];
}

/**
 * Colours the `${...}` language inside JSON strings: `${` and `}`, the
 * namespaces, refs, arguments, functions, output properties and literals;
 * and where refs and arguments are defined. `range` limits the tokens to a
 * part of the document.
 */
export function getSemanticTokens(model: FlowModel, range?: Span): SemanticTokens {
  const tokens: Token[] = [];
  const add = (span: Span, type: TokenType, ...modifiers: TokenModifier[]): void => {
    if (span.end > span.start && (!range || (span.end > range.start && span.start < range.end))) tokens.push({ span, type, modifiers });
  };
  for (const site of model.expressions) {
    if (range && (site.json.offset > range.end || site.json.offset + site.json.length < range.start)) continue;
    for (const interpolation of site.template.interpolations) {
      add({ start: interpolation.span.start, end: interpolation.innerSpan.start }, 'operator');
      if (interpolation.terminated) add({ start: interpolation.innerSpan.end, end: interpolation.span.end }, 'operator');
      if (!interpolation.expression) continue;
      forEachExpression(interpolation.expression, (expression) => {
        switch (expression.type) {
          case 'path': {
            const namespaceIndex = expression.template ? 1 : 0;
            const namespace = expression.segments[namespaceIndex]?.name;
            if (namespace !== 'refs' && namespace !== 'args') return;
            expression.segments.forEach((segment, i) => {
              if (i <= namespaceIndex) add(segment.span, 'namespace');
              else if (i === namespaceIndex + 1) add(segment.span, namespace === 'refs' ? 'variable' : 'parameter', 'readonly');
              else if (namespace === 'refs') add(segment.span, 'property');
            });
            return;
          }
          case 'call':
            add({ start: expression.span.start, end: Math.max(expression.span.start, expression.nameSpan.start - 1) }, 'namespace');
            if (FUNCTIONS.has(expression.name)) add(expression.nameSpan, 'function', 'defaultLibrary');
            else add(expression.nameSpan, 'function');
            return;
          case 'string':
            add(expression.span, 'string');
            return;
          case 'number':
            add(expression.span, 'number');
            return;
          case 'boolean':
            add(expression.span, 'keyword');
            return;
          default:
            return;
        }
      });
    }
  }
  for (const node of model.nodes) if (node.refSpan) add(innerSpan(node.refSpan), 'variable', 'declaration', 'readonly');
  for (const trigger of model.triggers) if (trigger.refSpan) add(innerSpan(trigger.refSpan), 'variable', 'declaration', 'readonly');
  for (const definition of argumentDefinitions(model)) add(innerSpan(definition.span), 'parameter', 'declaration');
  return { data: encode(model, tokens) };
}

function encode(model: FlowModel, tokens: Token[]): number[] {
  tokens.sort((a, b) => a.span.start - b.span.start);
  const data: number[] = [];
  let line = 0;
  let character = 0;
  let lastEnd = -1;
  for (const token of tokens) {
    if (token.span.start < lastEnd) continue; // overlapping tokens are not allowed
    lastEnd = token.span.end;
    const start = model.lines.positionAt(token.span.start);
    const end = model.lines.positionAt(token.span.end);
    if (end.line !== start.line) continue;
    data.push(start.line - line, start.line === line ? start.character - character : start.character, end.character - start.character);
    data.push(TYPES.indexOf(token.type), token.modifiers.reduce((bits, m) => bits | (1 << MODIFIERS.indexOf(m)), 0));
    line = start.line;
    character = start.character;
  }
  return data;
}
