/** The node union, the teardown root and one definition per node kind, built around the catalogue's kinds. */
import type { JSONSchema } from 'vscode-json-languageservice';
import { RELEASE_FLOW_KINDS, TEARDOWN_ONLY_KINDS, TEARDOWN_ROOT_KINDS, type NodeKindInfo } from '../../catalogue/kinds';
import { discriminated, discriminator, enumOf, prop, type Definitions, type Variant } from './builders';
import { refProp, skipNodeExecution } from './fields';

export type { Definitions } from './builders';

// ---------------------------------------------------------------------------
// Node kinds: which there are, what each does, where each is accepted and which
// `condition` it takes all come from the catalogue (core/catalogue/kinds.ts).

/** The kinds of a release flow, in the catalogue's order. */
export const NODE_KINDS: readonly NodeKindInfo[] = [...RELEASE_FLOW_KINDS.values()];

/** What a kind does, as the schema shows it beside the `kind` value. */
function kindText(info: NodeKindInfo): string {
  return TEARDOWN_ONLY_KINDS.has(info.kind) ? `${info.summary} Accepted only in teardownSpec.` : info.summary;
}

function kindInfo(kind: string): NodeKindInfo {
  const info = RELEASE_FLOW_KINDS.get(kind);
  if (!info) throw new Error(`${kind} is not a node kind of the catalogue (core/catalogue/kinds.ts)`);
  return info;
}

/** The node's `condition` field, for the values the catalogue gives its kind. */
const CONDITION_TEXT: Record<NodeKindInfo['conditionValues'][number], { description: string; markdown: string; value: string }> = {
  success: {
    description: 'Wait for completion: with "success", later steps of a sequential workflow start only after this node has finished successfully.',
    markdown: 'Wait for completion: with `"success"`, later steps of a sequential workflow start only after this node has finished successfully.',
    value: 'Wait until the node has finished successfully.',
  },
  running: {
    description: 'Wait for completion: with "running", later steps start only once the released service or job is running.',
    markdown: 'Wait for completion: with `"running"`, later steps start only once the released service or job is running.',
    value: 'Wait until the target is running.',
  },
};

function conditionProp(values: NodeKindInfo['conditionValues']): JSONSchema | undefined {
  if (values.length === 0) return undefined;
  const texts = values.map((v) => CONDITION_TEXT[v]);
  return prop(
    texts.map((t) => t.description).join(' '),
    enumOf(values, texts.map((t) => t.value)),
    texts.map((t) => t.markdown).join(' '),
  );
}

export interface NodeParts {
  spec: JSONSchema;
  specRequired?: boolean;
  extra?: Record<string, JSONSchema>;
}

/** The definition of one node kind: ref, kind, spec, its condition (from the catalogue) and extra fields, then skipNodeExecution. */
export function nodeDef(kind: string, { spec, specRequired = false, extra = {} }: NodeParts): JSONSchema {
  const info = kindInfo(kind);
  const text = kindText(info);
  const condition = conditionProp(info.conditionValues);
  const properties: Record<string, JSONSchema> = {
    ref: refProp(),
    kind: discriminator('The kind of node.', kind, text),
    spec,
  };
  if (condition) properties.condition = condition;
  Object.assign(properties, extra);
  properties.skipNodeExecution = skipNodeExecution();
  return {
    description: `${kind} node. ${text}`,
    type: 'object',
    required: specRequired ? ['kind', 'spec'] : ['kind'],
    properties,
    additionalProperties: false,
  };
}

const variantOf = (info: NodeKindInfo): Variant => ({ value: info.kind, text: kindText(info), def: `node.${info.kind}` });

/** JavaScript's line terminators: what `.` does not match. */
const LINE_END = '\\n\\r\\u2028\\u2029';
/** Characters up to the first `${` of a line. */
const BEFORE_OPENING = `(?:[^$${LINE_END}]|\\$(?!\\{))*`;
/**
 * The reference's `.*\${.*}.*` (some line has a `${` and, after it, a `}`),
 * anchored and written so that no character is tried twice: lines without a
 * closed `${` are skipped one by one, then one line must close it.
 */
export const EXPRESSION_PATTERN = `^(?:${BEFORE_OPENING}(?:\\$\\{[^}${LINE_END}]*)?[${LINE_END}])*${BEFORE_OPENING}\\$\\{[^}${LINE_END}]*\\}`;

/** `expression`, `node` and `teardownNode`. */
export function nodeUnionDefinitions(): Definitions {
  const definitions: Definitions = {};

  definitions.expression = {
    type: 'string',
    pattern: EXPRESSION_PATTERN,
    description: 'A string with one or more ${...} expressions (refs, args, fn) resolved when the flow runs.',
    markdownDescription:
      'A string with one or more `${...}` expressions resolved when the flow runs: `${refs.<ref>.<field>}`, `${args.<NAME>}` or `${fn.<name>(...)}`.',
    $comment:
      'The reference writes this pattern as .*\\${.*}.* (a ${ and a later } on one line). It is spelled here so that it compiles with the JavaScript "u" flag and takes linear time: the reference\'s form backtracks in cubic time on long strings (60,000 characters took seconds, 1 MB hours). It matches the same strings.',
  };

  definitions.node = {
    description: 'A node of the release flow. Its kind decides which fields its spec takes.',
    ...discriminated('kind', 'The kind of node.', NODE_KINDS.map(variantOf)),
  };

  definitions.teardownNode = {
    $comment: 'Root node of teardownSpec: the reference lists only these kinds there.',
    ...discriminated(
      'kind',
      'The kind of node.',
      NODE_KINDS.filter((k) => TEARDOWN_ROOT_KINDS.has(k.kind)).map(variantOf),
    ),
  };
  return definitions;
}
