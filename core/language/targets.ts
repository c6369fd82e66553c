import type { Node as JsonNode } from 'jsonc-parser';
import { expressionUses } from '../document/expressionUses';
import type { FlowModel, FlowNode, TriggerDefinition } from '../document/model';
import { spanOf } from '../document/parse';
import type { Span } from '../text/positions';
import { expressionCursor } from './cursor';

/**
 * The names a document defines and uses: refs (nodes and triggers), arguments
 * and functions. Definition, references, highlights and rename work on these.
 */
export type FlowSymbol =
  | { type: 'ref'; name: string; span: Span }
  | { type: 'arg'; name: string; span: Span }
  | { type: 'function'; name: string; span: Span }
  /** `refs.<refName>.<path...>` with the cursor on the last segment of `path`. */
  | { type: 'property'; refName: string; path: string[]; span: Span };

export interface Occurrence {
  span: Span;
  /** A definition (the `ref` of a node, an `arguments` key, ...) rather than a use in an expression. */
  definition: boolean;
}

/** The inside of a string literal: what a rename replaces. */
export function innerSpan(span: Span): Span {
  return { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) };
}

const contains = (span: Span, offset: number): boolean => offset >= span.start && offset <= span.end;

/** The symbol at `offset`: in an expression, or where a ref or an argument is defined. */
export function symbolAt(model: FlowModel, offset: number): FlowSymbol | undefined {
  const cursor = expressionCursor(model, offset);
  if (cursor && !cursor.template) {
    const name = model.text.slice(cursor.span.start, cursor.span.end);
    if (cursor.kind === 'ref' && name !== '') return { type: 'ref', name, span: cursor.span };
    if (cursor.kind === 'arg' && name !== '') return { type: 'arg', name, span: cursor.span };
    if (cursor.kind === 'function' && cursor.call && cursor.call.name !== '') return { type: 'function', name: cursor.call.name, span: cursor.span };
    if (cursor.kind === 'property' && cursor.refName && name !== '') {
      return { type: 'property', refName: cursor.refName, path: [...(cursor.parents ?? []), name], span: cursor.span };
    }
    return undefined;
  }
  for (const node of model.nodes) {
    if (node.ref !== undefined && node.refSpan && contains(innerSpan(node.refSpan), offset)) return { type: 'ref', name: node.ref, span: innerSpan(node.refSpan) };
  }
  for (const trigger of model.triggers) {
    if (trigger.ref !== undefined && trigger.refSpan && contains(innerSpan(trigger.refSpan), offset)) return { type: 'ref', name: trigger.ref, span: innerSpan(trigger.refSpan) };
  }
  for (const definition of argumentDefinitions(model)) {
    if (contains(innerSpan(definition.span), offset)) return { type: 'arg', name: definition.name, span: innerSpan(definition.span) };
  }
  return undefined;
}

/** Where arguments are defined: `arguments` keys, rich-input outputs and `argumentOverrides` keys. */
export function argumentDefinitions(model: FlowModel): { name: string; span: Span; where: 'arguments' | 'richInput' | 'argumentOverrides' }[] {
  const result: { name: string; span: Span; where: 'arguments' | 'richInput' | 'argumentOverrides' }[] = [];
  for (const argument of model.arguments.values()) result.push({ name: argument.name, span: argument.keySpan, where: 'arguments' });
  for (const output of model.richInputOutputs) result.push({ name: output.argName, span: output.span, where: 'richInput' });
  for (const key of objectKeys(model.argumentOverridesNode)) result.push({ name: key.value as string, span: spanOf(key), where: 'argumentOverrides' });
  return result;
}

function objectKeys(object: JsonNode | undefined): JsonNode[] {
  if (object?.type !== 'object') return [];
  return (object.children ?? []).map((property) => property.children?.[0]).filter((key): key is JsonNode => key?.type === 'string');
}

/** Nodes and triggers that define `name`, in document order. */
export function refDefinitions(model: FlowModel, name: string): (FlowNode | TriggerDefinition)[] {
  const nodes: (FlowNode | TriggerDefinition)[] = [...(model.nodesByRef.get(name) ?? []), ...model.triggers.filter((t) => t.ref === name)];
  return nodes.sort((a, b) => a.span.start - b.span.start);
}

/** What `${refs.<name>}` reads, as the validator resolves it: the first node with the ref, else a trigger. */
export function refSource(model: FlowModel, name: string): FlowNode | TriggerDefinition | undefined {
  return model.nodesByRef.get(name)?.[0] ?? model.triggers.find((t) => t.ref === name);
}

/** Every definition and use of a symbol, in document order. */
export function occurrences(model: FlowModel, symbol: FlowSymbol): Occurrence[] {
  const result: Occurrence[] = [];
  const uses = expressionUses(model);
  switch (symbol.type) {
    case 'ref':
      for (const definition of refDefinitions(model, symbol.name)) {
        if (definition.refSpan) result.push({ span: innerSpan(definition.refSpan), definition: true });
      }
      for (const use of uses.refs) if (use.name === symbol.name) result.push({ span: use.nameSpan, definition: false });
      break;
    case 'arg':
      for (const definition of argumentDefinitions(model)) {
        if (definition.name === symbol.name) result.push({ span: innerSpan(definition.span), definition: true });
      }
      for (const use of uses.args) if (use.name === symbol.name) result.push({ span: use.nameSpan, definition: false });
      break;
    case 'function':
      for (const { call } of uses.calls) if (call.name === symbol.name) result.push({ span: call.nameSpan, definition: false });
      break;
    case 'property':
      for (const use of uses.refs) {
        if (use.name !== symbol.refName || use.property.length < symbol.path.length) continue;
        if (symbol.path.every((name, i) => use.property[i]?.name === name)) {
          result.push({ span: (use.property[symbol.path.length - 1] as { span: Span }).span, definition: false });
        }
      }
      break;
  }
  return result.sort((a, b) => a.span.start - b.span.start);
}
