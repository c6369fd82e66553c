import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import { FUNCTIONS, signatureOf, type FunctionInfo } from '../catalogue/functions';
import { RELEASE_FLOW_KINDS } from '../catalogue/kinds';
import { outputsAt, TRIGGER_OUTPUTS, type OutputProperty } from '../catalogue/outputs';
import type { FlowModel, FlowNode, TriggerDefinition } from '../document/model';
import { availability, finishedBefore } from '../document/order';
import type { Span } from '../text/positions';
import type { ExpressionCursor } from './cursor';
import { argumentDefinitions, refSource } from './targets';

/**
 * Most refs offered at once. A step late in a flow of thousands of nodes can
 * read thousands of refs; past this many, the nearest that match what is
 * typed are sent and the list is marked incomplete, so that the editor asks
 * again as the user types.
 */
export const MAX_REF_ITEMS = 500;

/** Completion inside `${...}`: namespaces, the refs available here, their outputs, arguments and functions. */
export function expressionCompletions(model: FlowModel, cursor: ExpressionCursor, offset: number, snippets: boolean): CompletionList {
  if (cursor.kind === 'ref' && !cursor.template) return refCompletions(model, cursor, offset);
  return { isIncomplete: false, items: expressionItems(model, cursor, snippets) };
}

/** The refs readable here, nearest first; past MAX_REF_ITEMS, the nearest matching what is typed, marked incomplete. */
function refCompletions(model: FlowModel, cursor: ExpressionCursor, offset: number): CompletionList {
  const range = model.lines.rangeOf(cursor.span);
  const candidates = refCandidates(model, cursor);
  const cut = candidates.length > MAX_REF_ITEMS;
  let sent = candidates;
  if (cut) {
    const typed = model.text.slice(cursor.span.start, Math.max(cursor.span.start, Math.min(offset, cursor.span.end))).toLowerCase();
    sent = [];
    for (const candidate of candidates) {
      if (sent.length === MAX_REF_ITEMS) break;
      if (isSubsequence(typed, candidate.label)) sent.push(candidate);
    }
  }
  // Labels and details are written only for the refs sent: a step late in a large flow has thousands of candidates.
  // Documentation comes on completionItem/resolve: thousands of refs would otherwise make a megabyte of JSON.
  const items = sent.map((candidate): CompletionItem => {
    const { label, kind, detail, sortText } = refItem(model, candidate);
    const data: CompletionData = { resolve: 'ref' };
    return { label, kind, detail, sortText, textEdit: { range, newText: label }, data };
  });
  return { isIncomplete: cut, items };
}

function expressionItems(model: FlowModel, cursor: ExpressionCursor, snippets: boolean): CompletionItem[] {
  const range = model.lines.rangeOf(cursor.span);
  const item = (label: string, kind: CompletionItemKind, newText: string, extra: Partial<CompletionItem> = {}): CompletionItem => ({
    label,
    kind,
    textEdit: { range, newText },
    ...extra,
  });
  // `template.refs...` and `template.args...` belong to the parent template's run: nothing here to offer.
  if (cursor.template && cursor.kind !== 'start') return [];
  switch (cursor.kind) {
    case 'start':
      return [
        item('refs.', CompletionItemKind.Module, 'refs.', { detail: 'Outputs of an earlier node or a trigger', sortText: '1' }),
        item('args.', CompletionItemKind.Module, 'args.', { detail: 'An argument of the run', sortText: '2' }),
        item('fn.', CompletionItemKind.Module, 'fn.', { detail: 'A platform function', sortText: '3' }),
      ];
    case 'ref':
      return [];
    case 'property':
      return propertyItems(model, cursor).map((p, i) =>
        item(p.name, CompletionItemKind.Field, p.name, { detail: p.type, documentation: p.description, sortText: String(i).padStart(3, '0') }),
      );
    case 'arg':
      return argItems(model).map(({ name, detail, documentation }) => item(name, CompletionItemKind.Variable, name, { detail, documentation: markdown(documentation) }));
    case 'function':
      return functionItems(model, cursor.span, snippets).map((f) => ({ ...f, textEdit: { range, newText: f.textEdit?.newText ?? f.label } }));
  }
}

interface RefItem {
  label: string;
  kind: CompletionItemKind;
  detail: string;
  sortText: string;
}

/** What completionItem/resolve needs to fill in an item's documentation. */
export interface CompletionData {
  resolve: 'ref';
  /** Added by the service: the document the item was offered in. */
  uri?: string;
}

/** The documentation of a ref item, computed when the editor shows the item. */
export function refDocumentation(model: FlowModel, name: string): { kind: 'markdown'; value: string } | undefined {
  const source = refSource(model, name);
  if (!source) return undefined;
  if ('kind' in source) return markdown(nodeDocumentation(source));
  return markdown(`Git trigger \`${name}\`: ${TRIGGER_OUTPUTS.map((o) => `\`${o.name}\``).join(', ')}.`);
}

/** A ref offered at the cursor, before its item is written: its place in the whole list gives its sort order. */
interface RefCandidate {
  label: string;
  source: FlowNode | TriggerDefinition;
  /** Position in the list of every ref offered here (nearest node first, triggers last). */
  index: number;
}

/** Refs of the nodes finished before the node holding the cursor (nearest first), then trigger refs. */
function refCandidates(model: FlowModel, cursor: ExpressionCursor): RefCandidate[] {
  const user = cursor.site.owner;
  const candidates: RefCandidate[] = [];
  const seen = new Set<string>();
  if (user !== undefined) {
    const finished = finishedBefore(model, user);
    for (let i = finished.length - 1; i >= 0; i--) {
      const node = finished[i] as FlowNode;
      const ref = node.ref;
      // A duplicate ref resolves to its first definition; offer it once, and only if that one has finished.
      if (ref === undefined || seen.has(ref) || availability(node, user) !== 'available' || refSource(model, ref) !== node) continue;
      seen.add(ref);
      candidates.push({ label: ref, source: node, index: candidates.length });
    }
  }
  for (const trigger of model.triggers) {
    // Trigger values exist for the whole run, top-level fields included.
    if (trigger.ref === undefined || seen.has(trigger.ref) || model.nodesByRef.has(trigger.ref)) continue;
    seen.add(trigger.ref);
    candidates.push({ label: trigger.ref, source: trigger, index: candidates.length });
  }
  return candidates;
}

function refItem(model: FlowModel, { label, source, index }: RefCandidate): RefItem {
  const line = model.lines.positionAt(source.span.start).line + 1;
  if ('kind' in source) {
    return { label, kind: CompletionItemKind.Reference, detail: `${source.kind ?? 'node'} · line ${line}`, sortText: `a${String(index).padStart(5, '0')}` };
  }
  return { label, kind: CompletionItemKind.Event, detail: `Git trigger · line ${line}`, sortText: `b${String(index).padStart(5, '0')}` };
}

function nodeDocumentation(node: FlowNode): string {
  const info = node.kind === undefined ? undefined : RELEASE_FLOW_KINDS.get(node.kind);
  if (!info) return `A node of kind \`${node.kind ?? '?'}\`.`;
  const outputs = info.outputs.length > 0 ? `\n\nOutputs: ${info.outputs.map((o) => `\`${o.name}\``).join(', ')}.` : '\n\nOutputs: not documented by the platform.';
  return `**${info.title}**: ${info.summary}${outputs}`;
}

/** The output properties of the ref's kind (or of a trigger) at the path typed so far. */
function propertyItems(model: FlowModel, cursor: ExpressionCursor): OutputProperty[] {
  const name = cursor.refName ?? '';
  const source = refSource(model, name);
  if (!source) return [];
  const outputs = 'kind' in source ? (source.kind === undefined ? [] : RELEASE_FLOW_KINDS.get(source.kind)?.outputs ?? []) : TRIGGER_OUTPUTS;
  const parents = cursor.parents ?? [];
  if (parents.length === 0) return outputs;
  const parent = outputsAt(outputs, parents);
  if (typeof parent !== 'object') return [];
  if (parent.type === 'array') return [];
  return parent.children ?? [];
}

/** Arguments by name: `arguments` defaults and rich-input outputs. */
export function argItems(model: FlowModel): { name: string; detail: string; documentation: string }[] {
  const byName = new Map<string, { name: string; detail: string; documentation: string }>();
  for (const definition of argumentDefinitions(model)) {
    if (definition.where === 'argumentOverrides' || byName.has(definition.name)) continue;
    const line = model.lines.positionAt(definition.span.start).line + 1;
    if (definition.where === 'arguments') {
      const value = model.arguments.get(definition.name)?.value;
      const shown = truncate(JSON.stringify(value) ?? 'undefined', 60);
      byName.set(definition.name, { name: definition.name, detail: `= ${shown}`, documentation: `Default \`${shown}\`, from \`arguments\` (line ${line}).` });
    } else {
      const output = model.richInputOutputs.find((o) => o.argName === definition.name);
      const what = `${output?.richInputKind ?? 'rich input'} ${output?.output ?? ''}`.trim();
      byName.set(definition.name, { name: definition.name, detail: `rich input: ${what}`, documentation: `Set by the ${what} selection of rich input ${(output?.richInputIndex ?? 0) + 1} (line ${line}).` });
    }
  }
  return [...byName.values()];
}

function functionItems(model: FlowModel, nameSpan: Span, snippets: boolean): CompletionItem[] {
  // When the parenthesis is already there, only the name is replaced.
  const hasParenthesis = /^\s*\(/.test(model.text.slice(nameSpan.end, nameSpan.end + 8));
  return [...FUNCTIONS.values()].map((fn) => {
    const text = hasParenthesis ? fn.name : callText(fn, snippets);
    const item: CompletionItem = {
      label: fn.name,
      kind: CompletionItemKind.Function,
      detail: signatureOf(fn),
      documentation: markdown(`${fn.description}\n\nExample: \`${fn.example}\``),
      textEdit: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text },
    };
    if (!hasParenthesis && snippets) item.insertTextFormat = InsertTextFormat.Snippet;
    return item;
  });
}

/** `eq(${1:a}, ${2:b})`: required parameters as placeholders; plain `eq()` without snippet support. */
function callText(fn: FunctionInfo, snippets: boolean): string {
  if (!snippets) return `${fn.name}()`;
  const required = fn.params.filter((param) => !param.optional);
  const params = required.map((param, i) => `\${${i + 1}:${param.name}}`);
  return params.length > 0 ? `${fn.name}(${params.join(', ')})` : `${fn.name}($1)`;
}

/** The letters typed (already lower case), in order, case aside: how editors match completion labels. */
function isSubsequence(typed: string, label: string): boolean {
  if (typed.length === 0) return true;
  const b = label.toLowerCase();
  let i = 0;
  for (let j = 0; j < b.length && i < typed.length; j++) if (typed[i] === b[j]) i++;
  return i === typed.length;
}

export function markdown(value: string): { kind: 'markdown'; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
