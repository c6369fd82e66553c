/** The node union, the teardown root and one definition per node kind, built around the catalogue's kinds. */
import type { JSONSchema } from 'vscode-json-languageservice';
import { discriminated, discriminator, enumOf, prop, type Definitions } from './builders';
import { refProp, skipNodeExecution } from './fields';

export type { Definitions } from './builders';

// ---------------------------------------------------------------------------
// Node kinds.

export const NODE_KINDS: { value: string; text: string; md?: string }[] = [
  {
    value: 'Workflow',
    text: 'Groups nodes and runs them one after another (sequential) or all at once (parallel).',
    md: 'Groups nodes in `steps` and runs them one after another (`sequential`) or all at once (`parallel`).',
  },
  {
    value: 'LoopWorkflow',
    text: 'Runs its steps once for every entry of its iterations list.',
    md: 'Runs its `steps` once for every entry of `iterations`.',
  },
  { value: 'LoopData', text: 'Loop data node; the reference lists no fields for its spec.' },
  {
    value: 'Release',
    text: 'Deploys a build, promotes what the previous stage runs, or deploys a registry image to a service or job of this stage.',
    md: 'Deploys a build (`build`), promotes what the previous stage runs (`deployment`) or deploys a registry image (`registry`) to a service or job of this stage.',
  },
  { value: 'Build', text: 'Starts a build of a build service or job from a branch, pull request or commit.' },
  { value: 'JobRun', text: 'Starts a run of a job, optionally overriding its environment, image and plan.' },
  { value: 'AddonBackup', text: 'Backs up an addon (snapshot or dump).' },
  { value: 'AddonImport', text: 'Imports data into an addon from a backup file URL or a live database.' },
  {
    value: 'Action',
    text: 'Acts on an existing resource: restarts it, executes a command, restores a backup or creates a repository.',
  },
  {
    value: 'Condition',
    text: 'Waits until a resource is running or has succeeded, and fails after a timeout.',
  },
  { value: 'Approval', text: 'Pauses the run until the required number of approvals is given.' },
  { value: 'Message', text: 'Sends a message: a pull request comment, a Slack message or a webhook call.' },
  { value: 'RunTemplate', text: 'Runs another template or workflow.' },
  { value: 'RolloutStrategy', text: 'Sets up a gradual (canary) rollout strategy.' },
  {
    value: 'SecretInheritance',
    text: 'Lists secret groups and configs to inherit, with the keys and files they must provide.',
  },
  {
    value: 'OpenTofuDestroy',
    text: 'Destroys the state of an OpenTofu node of the parent template; the reference lists it only in teardownSpec.',
    md: 'Destroys the state of an `OpenTofu` node of the parent template; the reference lists it only in `teardownSpec`.',
  },
];
const KIND_TEXT: Record<string, string> = Object.fromEntries(NODE_KINDS.map((k) => [k.value, k.text]));

/** Kinds the reference lists as the root of `teardownSpec`. */
const TEARDOWN_KINDS = ['Workflow', 'JobRun', 'LoopWorkflow', 'Action', 'Condition', 'Message', 'LoopData', 'OpenTofuDestroy', 'Approval'];

export const waitSuccess = (): JSONSchema =>
  prop(
    'Wait for completion: with "success", later steps of a sequential workflow start only after this node has finished successfully.',
    enumOf(['success'], ['Wait until the node has finished successfully.']),
    'Wait for completion: with `"success"`, later steps of a sequential workflow start only after this node has finished successfully.',
  );

export interface NodeParts {
  spec: JSONSchema;
  specRequired?: boolean;
  condition?: JSONSchema;
  extra?: Record<string, JSONSchema>;
}

/** The definition of one node kind: ref, kind, spec, its condition and extra fields, then skipNodeExecution. */
export function nodeDef(kind: string, { spec, specRequired = false, condition, extra = {} }: NodeParts): JSONSchema {
  const text = KIND_TEXT[kind] ?? '';
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

/** `expression`, `node` and `teardownNode`. */
export function nodeUnionDefinitions(): Definitions {
  const definitions: Definitions = {};

  definitions.expression = {
    type: 'string',
    pattern: '.*\\$\\{.*\\}.*',
    description: 'A string with one or more ${...} expressions (refs, args, fn) resolved when the flow runs.',
    markdownDescription:
      'A string with one or more `${...}` expressions resolved when the flow runs: `${refs.<ref>.<field>}`, `${args.<NAME>}` or `${fn.<name>(...)}`.',
    $comment:
      'The reference writes this pattern as .*\\${.*}.* ; the braces are escaped here so that it also compiles with the JavaScript "u" flag. It matches the same strings.',
  };

  definitions.node = {
    description: 'A node of the release flow. Its kind decides which fields its spec takes.',
    ...discriminated('kind', 'The kind of node.', NODE_KINDS.map((k) => ({ ...k, def: `node.${k.value}` }))),
  };

  definitions.teardownNode = {
    $comment: 'Root node of teardownSpec: the reference lists only these kinds there.',
    ...discriminated(
      'kind',
      'The kind of node.',
      NODE_KINDS.filter((k) => TEARDOWN_KINDS.includes(k.value)).map((k) => ({ ...k, def: `node.${k.value}` })),
    ),
  };
  return definitions;
}
