/**
 * Patterns taken unchanged from the Northflank reference, and the small builders
 * every part of the schema is written with.
 */
import type { JSONSchema } from 'vscode-json-languageservice';
import { MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../../catalogue/kinds';

// ---------------------------------------------------------------------------
// Patterns, exactly as the reference gives them (String.raw keeps backslashes).
export const PAT = {
  // Generic resource ID (project, addon, service, job, backup, credentials...).
  id: String.raw`^[A-Za-z0-9-]+$`,
  // Northflank internal ID of a service/job/addon/project (3..54 chars, 3..52 for jobs).
  internalId: String.raw`^[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?$`,
  // Optional `<projectId>/` prefix followed by an internal ID.
  qualifiedId: String.raw`^((?<projectId>[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?)\/)?(?<internalId>[a-zA-Z](-?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?)$`,
  // Deployment plan / backup destination IDs.
  slug: String.raw`^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$`,
  selfHostedVcsId: String.raw`^([A-Za-z0-9-]+)|([0-9a-f]{24})$`,
  repoUrl: String.raw`^(https:\/\/)?((www(\.[a-zA-Z0-9\-]{2,})+\.)?[a-zA-Z0-9\-]{2,})(\.([a-zA-Z0-9\-]{2,}))+(\/([a-zA-Z0-9\-._]{2,}))+?$`,
  branchRule: String.raw`^[a-zA-Z/*0-9%\-.#_!'();,&=+]*$`,
  filePath: String.raw`^\/([a-zA-Z0-9-._]+\/)*[a-zA-Z0-9-._]+$`,
  dockerWorkDir: String.raw`^\/([a-zA-Z0-9-._]+\/)*[a-zA-Z0-9-._]*$`,
  dockerfileTarget: String.raw`^[a-zA-Z0-9-_]+$`,
  imagePath: String.raw`^(?:(?:https?:\/\/)?([a-zA-Z0-9\-]+\.[a-zA-Z0-9\.\-]+)(\/v1)?)?(?:\/)?([a-zA-Z/-9\.\-_]+)(?:\:([a-zA-Z/-9\.\-_\:]+)|\@([a-zA-Z/-9\.\-_\:]+))$`,
  clusterId: String.raw`^[a-z]-?[a-z0-9]+(-[a-z0-9]+)*$`,
};

export const IMAGE_PATH_COMMENT =
  'Pattern copied unchanged from the Northflank reference. It uses the identity escapes \\: and \\@, which JavaScript accepts only without the "u" flag (validators fall back to compiling it without "u").';
export const SELF_HOSTED_COMMENT =
  'Pattern copied unchanged from the Northflank reference; because of the top-level alternation it anchors only one side of each alternative.';

// ---------------------------------------------------------------------------
// Small builders. Alternatives inside anyOf carry no description of their own
// (hover then shows the property's description); only #/definitions/expression
// has one.

export type Definitions = Record<string, JSONSchema>;

export const EXPR: JSONSchema = { $ref: '#/definitions/expression' };

/** A property: description (+ optional markdown) and the rest of the schema. */
export function prop(description: string, schema: JSONSchema = {}, markdownDescription?: string): JSONSchema {
  const out: JSONSchema = { description };
  if (markdownDescription) out.markdownDescription = markdownDescription;
  return Object.assign(out, schema);
}

/** A property whose value is a literal or a ${...} expression string. */
export function orExpr(description: string, literal: JSONSchema, markdownDescription?: string): JSONSchema {
  return prop(description, { anyOf: [literal, EXPR] }, markdownDescription);
}

export const str = (extra: JSONSchema = {}): JSONSchema => ({ type: 'string', ...extra });
export const pat = (pattern: string, extra: JSONSchema = {}): JSONSchema => ({ type: 'string', pattern, ...extra });
export const enumOf = (values: readonly string[], descriptions?: readonly string[]): JSONSchema => {
  const out: JSONSchema = { type: 'string', enum: [...values] };
  if (descriptions) out.enumDescriptions = [...descriptions];
  return out;
};
export const obj = (properties: Record<string, JSONSchema>, required?: readonly string[], extra: JSONSchema = {}): JSONSchema => {
  const out: JSONSchema = { type: 'object' };
  if (required && required.length) out.required = [...required];
  out.properties = properties;
  out.additionalProperties = false;
  return Object.assign(out, extra);
};
/** An object whose fields the reference does not list: any properties. */
export const anyObject = (extra: JSONSchema = {}): JSONSchema => ({ type: 'object', additionalProperties: true, ...extra });

/**
 * `timeoutDuration` in whole seconds. Only the Release node's has a documented
 * range (release-guide-2026.md: min 30, max 14400); the reference gives
 * Condition and Action timeouts none, so none is enforced there.
 */
export const timeout = (what: string, ranged = false): JSONSchema =>
  ranged
    ? prop(
      `Seconds to wait ${what} before the node fails (${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS}), or an expression that resolves to a number of seconds.`,
      {
        anyOf: [{ type: 'integer', minimum: MIN_TIMEOUT_SECONDS, maximum: MAX_TIMEOUT_SECONDS }, EXPR],
        $comment: `Range ${MIN_TIMEOUT_SECONDS}..${MAX_TIMEOUT_SECONDS} as documented for the Release node (release-guide-2026.md).`,
      },
      `Seconds to wait ${what} before the node fails (\`${MIN_TIMEOUT_SECONDS}\` to \`${MAX_TIMEOUT_SECONDS}\`), or a \`\${...}\` expression that resolves to a number of seconds.`,
    )
    : prop(
      `Seconds to wait ${what} before the node fails, or an expression that resolves to a number of seconds.`,
      {
        anyOf: [{ type: 'integer' }, EXPR],
        $comment: `The reference documents no range here (${MIN_TIMEOUT_SECONDS}..${MAX_TIMEOUT_SECONDS} is the Release node's); the local runner refuses a value below 1 at run time.`,
      },
      `Seconds to wait ${what} before the node fails, or a \`\${...}\` expression that resolves to a number of seconds.`,
    );

/** One value of a discriminator: its text (plain and markdown) and the definition it selects. */
export interface Variant {
  value: string;
  text: string;
  md?: string;
  def: string;
}

/**
 * An object discriminated on `key`: the discriminator lists every value (with a
 * description each) and one `if/then` per value points to that variant's definition,
 * so that errors are reported against the matching variant only.
 * The `if` schemas carry no descriptions on purpose: the language service counts them
 * as matching schemas even when they fail, so a description there would show up in
 * the hover of every value.
 */
export function discriminated(key: string, keyDescription: string, variants: readonly Variant[], extra: JSONSchema = {}): JSONSchema {
  const values = variants.map((v) => v.value);
  return {
    type: 'object',
    required: [key],
    properties: {
      [key]: {
        description: keyDescription,
        type: 'string',
        enum: values,
        enumDescriptions: variants.map((v) => v.text),
        markdownEnumDescriptions: variants.map((v) => v.md ?? v.text),
      },
    },
    allOf: variants.map((v) => ({
      if: {
        properties: { [key]: { const: v.value } },
        required: [key],
      },
      then: { $ref: `#/definitions/${v.def}` },
    })),
    ...extra,
  };
}

/** The discriminator property inside one variant definition. */
export const discriminator = (description: string, value: string, text: string): JSONSchema => ({
  description,
  type: 'string',
  enum: [value],
  enumDescriptions: [text],
});

/** What the inner `kind` of an Action, Condition or Message node can be, and the definition its `spec` then follows. */
export interface InnerKind {
  value: string;
  text: string;
  def: string;
}

/**
 * The `spec` of an Action, Condition or Message node: an inner `kind` and a `spec`
 * whose definition that kind picks (`noun` names it in the spec's description).
 */
export function innerKindSpec(
  description: string,
  markdownDescription: string,
  kind: { description: string; kinds: readonly InnerKind[] },
  spec: { description: string; noun: string },
): JSONSchema {
  return prop(
    description,
    {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: {
          description: kind.description,
          type: 'string',
          enum: kind.kinds.map((k) => k.value),
          enumDescriptions: kind.kinds.map((k) => k.text),
        },
        spec: prop(spec.description, { type: 'object' }),
      },
      additionalProperties: false,
      allOf: kind.kinds.map((k) => ({
        if: { properties: { kind: { const: k.value } }, required: ['kind'] },
        then: { properties: { spec: { description: `The ${k.value} ${spec.noun}.`, $ref: `#/definitions/${k.def}` } } },
      })),
    },
    markdownDescription,
  );
}
