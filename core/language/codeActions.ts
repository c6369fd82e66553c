import type { Node as JsonNode } from 'jsonc-parser';
import { CodeActionKind, type CodeAction, type CodeActionContext, type TextEdit } from 'vscode-languageserver-types';
import type { DiagnosticData } from '../validation/diagnostics';
import type { FlowModel } from '../document/model';
import { propertyEntry, propertyNode, spanOf } from '../document/parse';
import type { Span } from '../text/positions';
import { uniqueRef } from './snippets';

/** Codes whose `data.suggestion` replaces the diagnostic's range: names as they are, ids as JSON strings. */
const RENAME_TO_SUGGESTION: Record<string, 'name' | 'string'> = {
  'unknown-ref': 'name',
  'unknown-arg': 'name',
  'unknown-function': 'name',
  'unknown-output-property': 'name',
  'pipeline-target': 'string',
  'pipeline-origin': 'string',
};

/**
 * Quick fixes from the diagnostics' `data` (core/diagnostics.ts): did-you-mean
 * replacements, adding a missing argument, removing `argumentOverrides` or an
 * unused argument, renaming a duplicate ref, correcting `gitops.filePath`,
 * and giving a trigger that watches nothing a rule or turning its ignore flags on.
 * A diagnostic whose range no longer holds what it was about (the document
 * changed since) gets no fix.
 */
export function getCodeActions(model: FlowModel, uri: string, context: CodeActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of context.diagnostics) {
    if (typeof diagnostic.code !== 'string') continue;
    const data = (diagnostic.data ?? {}) as DiagnosticData;
    const span = { start: model.lines.offsetAt(diagnostic.range.start), end: model.lines.offsetAt(diagnostic.range.end) };
    const current = model.text.slice(span.start, span.end);
    const fix = (title: string, edits: TextEdit[], preferred = false): void => {
      const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: edits } } };
      if (preferred) action.isPreferred = true;
      actions.push(action);
    };
    const replace = (target: Span, newText: string): TextEdit => ({ range: model.lines.rangeOf(target), newText });
    const style = RENAME_TO_SUGGESTION[diagnostic.code];
    if (style && data.suggestion !== undefined && data.name !== undefined && unquote(current) === data.name) {
      fix(`Change to '${data.suggestion}'`, [replace(span, style === 'string' ? JSON.stringify(data.suggestion) : data.suggestion)], true);
    }
    switch (diagnostic.code) {
      case 'unknown-arg':
        if (data.name !== undefined && current === data.name) fix(`Add argument '${data.name}' to "arguments"`, addArgument(model, data.name));
        break;
      case 'argument-overrides-committed': {
        const entry = propertyEntry(model.root, 'argumentOverrides');
        if (entry) fix('Remove "argumentOverrides" from the file: its secret values must not be committed to Git (set them in the release flow settings on Northflank)', [replace(removalSpan(entry), '')]);
        break;
      }
      case 'unused-arg': {
        const entry = data.name === undefined ? undefined : propertyEntry(model.argumentsNode, data.name);
        if (entry && unquote(current) === data.name) fix(`Remove unused argument '${data.name}'`, [replace(removalSpan(entry), '')]);
        break;
      }
      case 'duplicate-ref':
        if (data.name !== undefined && unquote(current) === data.name) {
          const taken = new Set<string>([...model.nodesByRef.keys(), ...model.triggers.map((t) => t.ref).filter((r): r is string => r !== undefined)]);
          const fresh = uniqueRef(data.name, taken);
          fix(`Rename this duplicate ref to '${fresh}'`, [replace(span, JSON.stringify(fresh))]);
        }
        break;
      case 'trigger-watches-nothing': {
        const trigger = model.triggers.find((t) => (t.refSpan ?? { start: t.json.offset, end: t.json.offset + 1 }).start === span.start);
        if (!trigger || trigger.json.type !== 'object') break;
        const gitopsBranch = propertyNode(propertyNode(model.root, 'gitops'), 'branch');
        const branch = gitopsBranch?.type === 'string' && gitopsBranch.value !== '' ? (gitopsBranch.value as string) : 'main';
        fix(`Run on pushes to '${branch}' ("branchRestrictions": ["${branch}"])`, setProperty(model, trigger.json, 'branchRestrictions', JSON.stringify([branch])), true);
        fix('Run on pull requests of every branch ("prRestrictions": ["*"])', setProperty(model, trigger.json, 'prRestrictions', '["*"]'));
        break;
      }
      case 'ci-ignore-flags-ignored': {
        const trigger = model.triggers.find((t) => t.json.offset <= span.start && span.end <= t.json.offset + t.json.length);
        const entry = trigger && current === '"ciIgnoreFlags"' ? propertyEntry(trigger.json, 'ciIgnoreFlags') : undefined;
        if (!trigger || !entry) break;
        fix('Turn the ignore flags on ("ciIgnoreFlagsEnabled": true)', setProperty(model, trigger.json, 'ciIgnoreFlagsEnabled', 'true'), true);
        fix('Remove the unused ciIgnoreFlags', [replace(removalSpan(entry), '')]);
        break;
      }
      case 'gitops-file-path':
        if (data.expected !== undefined) fix(`Set gitops.filePath to '${data.expected}'`, [replace(span, JSON.stringify(data.expected))], true);
        break;
      default:
        break;
    }
  }
  return actions;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** A property with the comma that separates it from a neighbour, so the object stays valid. */
function removalSpan(property: JsonNode): Span {
  const siblings = property.parent?.children ?? [property];
  const index = siblings.indexOf(property);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  if (next) return { start: property.offset, end: next.offset };
  if (previous) return { start: previous.offset + previous.length, end: property.offset + property.length };
  return spanOf(property);
}

function indentationAt(model: FlowModel, offset: number): string {
  const lineStart = model.text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(model.text.slice(lineStart, offset))?.[0] ?? '';
}

/** Sets `key` of `object` to `valueText`: replaces its value, or adds it after the last property. */
function setProperty(model: FlowModel, object: JsonNode, key: string, valueText: string): TextEdit[] {
  const value = propertyNode(object, key);
  if (value) return [{ range: model.lines.rangeOf(spanOf(value)), newText: valueText }];
  const last = object.children?.[object.children.length - 1];
  const entry = `${JSON.stringify(key)}: ${valueText}`;
  if (!last) return [{ range: model.lines.rangeOf(spanOf(object)), newText: `{ ${entry} }` }];
  const end = last.offset + last.length;
  const sameLine = !model.text.slice(object.offset, end).includes('\n');
  return [{ range: model.lines.rangeOf({ start: end, end }), newText: sameLine ? `, ${entry}` : `,\n${indentationAt(model, last.offset)}${entry}` }];
}

/** Inserts `"name": ""` into `arguments`, creating the object after `apiVersion` (or first) when there is none. */
function addArgument(model: FlowModel, name: string): TextEdit[] {
  const unit = /\n(\t| +)"/.exec(model.text)?.[1] ?? '  ';
  const entry = `${JSON.stringify(name)}: ""`;
  const args = model.argumentsNode;
  const insert = (offset: number, newText: string): TextEdit[] => [{ range: model.lines.rangeOf({ start: offset, end: offset }), newText }];
  if (args?.type === 'object') {
    const last = args.children?.[args.children.length - 1];
    if (last) return insert(last.offset + last.length, `,\n${indentationAt(model, last.offset)}${entry}`);
    const indent = indentationAt(model, args.parent?.offset ?? args.offset);
    return [{ range: model.lines.rangeOf(spanOf(args)), newText: `{\n${indent}${unit}${entry}\n${indent}}` }];
  }
  const root = model.root;
  const first = root?.type === 'object' ? root.children?.[0] : undefined;
  if (!first) return [];
  const indent = indentationAt(model, first.offset);
  const block = `"arguments": {\n${indent}${unit}${entry}\n${indent}}`;
  const apiVersion = propertyEntry(root, 'apiVersion');
  if (apiVersion) return insert(apiVersion.offset + apiVersion.length, `,\n${indent}${block}`);
  return insert(first.offset, `${block},\n${indent}`);
}
