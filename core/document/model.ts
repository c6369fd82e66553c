import type { Node as JsonNode } from 'jsonc-parser';
import type { ParsedTemplate } from '../expressions/ast';
import type { LineIndex, Span } from '../text/positions';

export type WorkflowType = 'sequential' | 'parallel';
export type JsonPath = (string | number)[];

/** A node of the flow: the root Workflow or any step inside a workflow. */
/** Which tree a node belongs to: the flow itself, or the nodes run on teardown. */
export type FlowTree = 'spec' | 'teardownSpec';

export interface FlowNode {
  /** Position in document (pre-)order; also the node's index in `FlowModel.nodes`. */
  index: number;
  tree: FlowTree;
  kind: string | undefined;
  ref: string | undefined;
  /** The `"ref"` string value, quotes included, when present. */
  refSpan: Span | undefined;
  /** The `"kind"` string value, quotes included, when present. */
  kindSpan: Span | undefined;
  path: JsonPath;
  /** The whole node object. */
  span: Span;
  json: JsonNode;
  /** The workflow whose `steps` hold this node (undefined for the root). */
  parent: FlowNode | undefined;
  /** How the parent runs its steps. */
  parentType: WorkflowType | undefined;
  /** Index in the parent's `steps`. */
  stepIndex: number;
  /** For workflows: how its steps run (LoopWorkflow steps run one after another within an iteration). */
  workflowType: WorkflowType | undefined;
  children: FlowNode[];
  /** Number of workflows above this node. */
  depth: number;
  /** Pre-order index of the last node inside this one: a node's subtree is [index, lastDescendant]. */
  lastDescendant: number;
}

export interface TriggerDefinition {
  index: number;
  ref: string | undefined;
  refSpan: Span | undefined;
  span: Span;
  json: JsonNode;
}

export interface ArgumentDefinition {
  name: string;
  /** The key, quotes included. */
  keySpan: Span;
  value: unknown;
  valueNode: JsonNode | undefined;
}

export interface RichInputOutput {
  /** The argument name the selection is stored under (`${args.<argName>}`). */
  argName: string;
  /** Which part of the selection: branch, buildId, buildSha. */
  output: string;
  richInputKind: string | undefined;
  richInputIndex: number;
  /** The argument-name string, quotes included. */
  span: Span;
}

/** A string value that contains at least one `${`. */
export interface ExpressionSite {
  /** The JSON string node, quotes included. */
  json: JsonNode;
  value: string;
  /** The innermost flow node holding the string; undefined for top-level fields. */
  owner: FlowNode | undefined;
  template: ParsedTemplate;
}

export interface SyntaxIssue {
  code: 'json-syntax' | 'json-comment' | 'json-trailing-comma' | 'json-too-deep' | 'json-encoding';
  message: string;
  span: Span;
}

export interface FlowModel {
  text: string;
  lines: LineIndex;
  /** Undefined when nothing parsed (empty or too deeply nested). */
  root: JsonNode | undefined;
  syntaxIssues: SyntaxIssue[];
  /** Every flow node in document order: the `spec` tree, then the `teardownSpec` tree. */
  nodes: FlowNode[];
  rootNode: FlowNode | undefined;
  teardownRootNode: FlowNode | undefined;
  /** Nodes by `ref`; more than one entry is a duplicate. */
  nodesByRef: Map<string, FlowNode[]>;
  triggers: TriggerDefinition[];
  arguments: Map<string, ArgumentDefinition>;
  /** The `arguments` object, when present. */
  argumentsNode: JsonNode | undefined;
  argumentOverridesNode: JsonNode | undefined;
  richInputOutputs: RichInputOutput[];
  expressions: ExpressionSite[];
}
