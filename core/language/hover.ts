import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { FUNCTIONS, signatureOf } from '../catalogue/functions';
import { RELEASE_FLOW_KINDS } from '../catalogue/kinds';
import { outputsAt, TRIGGER_OUTPUTS, type OutputProperty } from '../catalogue/outputs';
import type { FlowModel, FlowNode } from '../document/model';
import { nodeAtOffset } from '../document/order';
import { propertyNode } from '../document/parse';
import type { Span } from '../text/positions';
import { truncate } from './expressionCompletion';
import { schemaHover } from './schemaFeatures';
import { argumentDefinitions, refDefinitions, refSource, symbolAt, type FlowSymbol } from './targets';

/**
 * Hover: what a node kind does, what a ref, an output property, an argument
 * or a function is; anything else gets the schema's description.
 */
export async function doHover(model: FlowModel, offset: number): Promise<Hover | null> {
  const symbol = symbolAt(model, offset);
  if (symbol) return hover(model, symbol.span, symbolMarkdown(model, symbol));
  const node = nodeAtOffset(model, offset);
  if (node?.kindSpan && offset >= node.kindSpan.start && offset <= node.kindSpan.end && node.kind !== undefined) {
    const text = kindMarkdown(node.kind, node);
    if (text) return hover(model, node.kindSpan, text);
  }
  return schemaHover(model, offset);
}

function hover(model: FlowModel, span: Span, value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: model.lines.rangeOf(span) };
}

const line = (model: FlowModel, offset: number): number => model.lines.positionAt(offset).line + 1;
const outputList = (outputs: OutputProperty[]): string => (outputs.length > 0 ? outputs.map((o) => `\`${o.name}\``).join(', ') : 'not documented by the platform');

function kindMarkdown(kind: string, node: FlowNode | undefined): string | undefined {
  const info = RELEASE_FLOW_KINDS.get(kind);
  if (!info) return undefined;
  const parts = [`**${info.kind}** (${info.title}): ${info.summary}`, info.docs];
  if (node?.workflowType) parts.push(`This workflow runs its ${node.children.length} step${node.children.length === 1 ? '' : 's'} ${node.workflowType === 'parallel' ? 'all at once' : 'one after another'}.`);
  parts.push(`Outputs (\`\${refs.<ref>.…}\`): ${outputList(info.outputs)}.`);
  return parts.join('\n\n');
}

function symbolMarkdown(model: FlowModel, symbol: FlowSymbol): string {
  switch (symbol.type) {
    case 'ref':
      return refMarkdown(model, symbol.name);
    case 'property':
      return propertyMarkdown(model, symbol.refName, symbol.path);
    case 'arg':
      return argMarkdown(model, symbol.name);
    case 'function': {
      const fn = FUNCTIONS.get(symbol.name);
      if (!fn) return `Unknown function \`fn.${symbol.name}\`.`;
      const params = fn.params.map((p) => `- \`${p.name}\`${p.optional ? ' (optional)' : ''}: ${p.description}`).join('\n');
      return `\`\`\`\nfn.${signatureOf(fn)}\n\`\`\`\n\n${fn.description}\n\n${params}\n\nExample: \`${fn.example}\``;
    }
  }
}

function refMarkdown(model: FlowModel, name: string): string {
  const definitions = refDefinitions(model, name);
  const source = refSource(model, name);
  if (!source) return `No node or trigger has the ref \`${name}\`.`;
  const duplicate = definitions.length > 1 ? `\n\nDefined ${definitions.length} times (lines ${definitions.map((d) => line(model, d.span.start)).join(', ')}); refs must be unique.` : '';
  if (!('kind' in source)) {
    const repo = propertyNode(source.json, 'repoUrl')?.value;
    return `**\`${name}\`**: Git trigger (line ${line(model, source.span.start)})${typeof repo === 'string' ? ` on ${repo}` : ''}.\n\nOutputs: ${outputList(TRIGGER_OUTPUTS)}.${duplicate}`;
  }
  const info = source.kind === undefined ? undefined : RELEASE_FLOW_KINDS.get(source.kind);
  const what = info ? `${info.kind} node: ${info.summary}` : `node of kind \`${source.kind ?? '?'}\``;
  return `**\`${name}\`**: ${what} (line ${line(model, source.span.start)})\n\nOutputs: ${outputList(info?.outputs ?? [])}.${duplicate}`;
}

function propertyMarkdown(model: FlowModel, refName: string, path: string[]): string {
  const source = refSource(model, refName);
  const outputs = !source ? [] : 'kind' in source ? (source.kind === undefined ? [] : RELEASE_FLOW_KINDS.get(source.kind)?.outputs ?? []) : TRIGGER_OUTPUTS;
  const found = outputsAt(outputs, path);
  const written = `refs.${refName}.${path.join('.')}`;
  if (found === 'unknown-shape') return `\`${written}\`: below a value whose members the platform does not document.`;
  if (!found) return `\`${written}\`: not a known output of \`${refName}\`.`;
  const members = found.children ? `\n\nMembers: ${outputList(found.children)}.` : '';
  return `\`${written}\` (${found.type}): ${found.description}${members}`;
}

function argMarkdown(model: FlowModel, name: string): string {
  const definitions = argumentDefinitions(model).filter((d) => d.name === name);
  const lines: string[] = [`**\`args.${name}\`**`];
  for (const definition of definitions) {
    const at = `line ${line(model, definition.span.start)}`;
    if (definition.where === 'arguments') {
      lines.push(`Default \`${truncate(JSON.stringify(model.arguments.get(name)?.value) ?? 'undefined', 80)}\` from \`arguments\` (${at}).`);
    } else if (definition.where === 'richInput') {
      const output = model.richInputOutputs.find((o) => o.argName === name && o.span.start === definition.span.start);
      lines.push(`Set by the \`${output?.output ?? '?'}\` of a ${output?.richInputKind ?? 'rich input'} selection (${at}).`);
    } else {
      // The value is secret: say where it is, never what it is.
      lines.push(`Overridden in \`argumentOverrides\` (${at}); that value is secret and should not be in the file.`);
    }
  }
  if (definitions.length === 0) lines.push('No default in `arguments` and no rich input sets it: an override or a webhook parameter must provide it.');
  return lines.join('\n\n');
}
