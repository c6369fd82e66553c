import { printParseErrorCode, ParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ParsedTemplate } from '../expressions/ast';
import { parseTemplate } from '../expressions/parser';
import { stringLiteralMapper } from '../expressions/jsonString';
import type {
  ArgumentDefinition,
  ExpressionSite,
  FlowModel,
  FlowNode,
  FlowTree,
  JsonPath,
  RichInputOutput,
  SyntaxIssue,
  TriggerDefinition,
  WorkflowType,
} from './model';
import { parseRelativeTree, parseStrictJson } from './relativeTree';
import { LineIndex, type Span } from '../text/positions';

/**
 * Deeper documents are refused before parsing: the JSON parsers recurse per
 * level and would overflow the stack, and no real flow comes near this.
 */
export const MAX_JSON_DEPTH = 512;

/** Node kinds whose `spec.steps` hold further nodes, and how those steps run. */
const CONTAINER_KINDS: Record<string, (spec: JsonNode | undefined) => WorkflowType | undefined> = {
  Workflow: (spec) => {
    const type = propertyValue(spec, 'type');
    return type === 'parallel' ? 'parallel' : type === 'sequential' ? 'sequential' : undefined;
  },
  LoopWorkflow: () => 'sequential',
};

export interface ParseOptions {
  /**
   * False: leave `model.expressions` empty, for a reader that needs the nodes
   * first (the graph preview's first picture); `addExpressions` fills it in
   * before anything reads expressions or derives the next version.
   */
  expressions?: boolean;
}

/** Parses a release-flow document into a model. Never throws; what did parse is kept. */
export function parseFlow(text: string, options: ParseOptions = {}): FlowModel {
  const lines = new LineIndex(text);
  const build: BuildOptions = { lines, expressions: options.expressions };
  // Plain JSON, as nearly every flow is, takes the quick parser, which keeps to the depth limit itself; anything
  // else (comments, trailing commas, errors, deeper nesting) is checked and parsed by jsonc-parser, which reports it.
  const plain = parseStrictJson(text, MAX_JSON_DEPTH);
  if (plain !== undefined) return buildFlowModel(text, plain, [], build);
  const tooDeep = findExcessiveNesting(text, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    const model = emptyModel(text, lines);
    model.syntaxIssues.push({
      code: 'json-too-deep',
      message: `The document nests more than ${MAX_JSON_DEPTH} levels deep here; it is not analysed further. Release flows need only a few dozen levels.`,
      span: { start: tooDeep, end: tooDeep + 1 },
    });
    return model;
  }
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    // Relative positions: an incremental update then moves what follows an edit cheaply (relativeTree.ts).
    root = parseRelativeTree(text, errors, JSON_PARSE_OPTIONS);
  } catch (error) {
    // A backstop: the pre-scan above should have refused such a document already.
    if (!(error instanceof RangeError)) throw error;
    const model = emptyModel(text, lines);
    model.syntaxIssues.push({ code: 'json-too-deep', message: 'The document nests too deeply to be analysed.', span: { start: 0, end: 0 } });
    return model;
  }
  return buildFlowModel(text, root, describeSyntaxErrors(text, errors), build);
}

/** The expressions of a model parsed with `expressions: false`; nothing for one that has them. */
export function addExpressions(model: FlowModel): void {
  if (model.root?.type === 'object' && model.expressions.length === 0) collectExpressions(model, model.root, undefined);
}

/** How flows are read: strict JSON, as the platform reads it (comments and trailing commas are reported). */
export const JSON_PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

export interface BuildOptions {
  /** The document's line index, when the caller already has it. */
  lines?: LineIndex;
  /** A template already parsed for this string node (incremental updates reuse unchanged ones). */
  reuseTemplate?: (json: JsonNode) => ParsedTemplate | undefined;
  /** False: no expressions yet (ParseOptions.expressions). */
  expressions?: boolean;
}

/**
 * The model of a document whose jsonc tree is already parsed: parseFlow's work
 * after parsing, shared with incremental updates (core/incremental.ts).
 */
export function buildFlowModel(text: string, root: JsonNode | undefined, syntaxIssues: SyntaxIssue[], options: BuildOptions = {}): FlowModel {
  const model = emptyModel(text, options.lines ?? new LineIndex(text));
  model.root = root;
  model.syntaxIssues = syntaxIssues;
  if (root?.type !== 'object') return model;

  const specNode = propertyNode(root, 'spec');
  if (specNode?.type === 'object') model.rootNode = collectFlowNodes(model, specNode, 'spec', ['spec']);
  const teardownNode = propertyNode(propertyNode(root, 'teardownSpec'), 'spec');
  if (teardownNode?.type === 'object') {
    model.teardownRootNode = collectFlowNodes(model, teardownNode, 'teardownSpec', ['teardownSpec', 'spec']);
  }
  collectTopLevel(model, root);
  if (options.expressions !== false) collectExpressions(model, root, options.reuseTemplate);
  return model;
}

/** Triggers, arguments, argument overrides and rich-input outputs: the top-level parts of the model. */
export function collectTopLevel(model: FlowModel, root: JsonNode): void {
  collectTriggers(model, propertyNode(root, 'triggers'));
  collectArguments(model, propertyNode(root, 'arguments'));
  model.argumentOverridesNode = propertyNode(root, 'argumentOverrides');
  collectRichInputs(model, propertyNode(root, 'richInputs'));
}

/** A model with nothing in it yet. */
export function emptyModel(text: string, lines: LineIndex): FlowModel {
  return {
    text,
    lines,
    root: undefined,
    syntaxIssues: [],
    nodes: [],
    rootNode: undefined,
    teardownRootNode: undefined,
    nodesByRef: new Map(),
    triggers: [],
    arguments: new Map(),
    argumentsNode: undefined,
    argumentOverridesNode: undefined,
    richInputOutputs: [],
    expressions: [],
  };
}

/**
 * Adds the tree under `rootSpec` to `model.nodes` in pre-order and returns its
 * root. Incremental updates rebuild one subtree with the `parent` and
 * `stepIndex` it already has; the subtree's root is not added to
 * `parent.children` (the caller puts it in its place there).
 */
export function collectFlowNodes(
  model: Pick<FlowModel, 'nodes' | 'nodesByRef'>,
  rootSpec: JsonNode,
  tree: FlowTree,
  rootPath: JsonPath,
  rootParent?: FlowNode,
  rootStepIndex = 0,
): FlowNode | undefined {
  const first = model.nodes.length;
  interface Pending {
    json: JsonNode;
    parent: FlowNode | undefined;
    stepIndex: number;
    path: JsonPath;
  }
  const stack: Pending[] = [{ json: rootSpec, parent: rootParent, stepIndex: rootStepIndex, path: rootPath }];
  while (stack.length > 0) {
    const { json, parent, stepIndex, path } = stack.pop() as Pending;
    const kindNode = propertyNode(json, 'kind');
    const refNode = propertyNode(json, 'ref');
    const kind = typeof kindNode?.value === 'string' ? kindNode.value : undefined;
    const ref = typeof refNode?.value === 'string' ? refNode.value : undefined;
    const specNode = propertyNode(json, 'spec');
    const workflowType = kind !== undefined ? CONTAINER_KINDS[kind]?.(specNode) : undefined;
    const node: FlowNode = {
      index: model.nodes.length,
      tree,
      kind,
      ref,
      refSpan: refNode?.type === 'string' ? spanOf(refNode) : undefined,
      kindSpan: kindNode?.type === 'string' ? spanOf(kindNode) : undefined,
      path,
      span: spanOf(json),
      json,
      parent,
      parentType: parent?.workflowType,
      stepIndex,
      workflowType,
      children: [],
      depth: parent === undefined ? 0 : parent.depth + 1,
      lastDescendant: model.nodes.length,
    };
    model.nodes.push(node);
    if (node.index !== first) parent?.children.push(node);
    if (ref !== undefined) {
      const same = model.nodesByRef.get(ref);
      if (same) same.push(node);
      else model.nodesByRef.set(ref, [node]);
    }
    const isContainer = kind !== undefined && kind in CONTAINER_KINDS;
    const steps = isContainer ? propertyNode(specNode, 'steps') : undefined;
    if (steps?.type === 'array' && steps.children) {
      // Pushed in reverse so that steps are visited, and indexed, in document order.
      for (let i = steps.children.length - 1; i >= 0; i--) {
        const step = steps.children[i] as JsonNode;
        if (step.type === 'object') stack.push({ json: step, parent: node, stepIndex: i, path: [...path, 'spec', 'steps', i] });
      }
    }
  }
  // Pre-order indices make every subtree a contiguous range; fill in where each ends.
  for (let i = model.nodes.length - 1; i >= first; i--) {
    const node = model.nodes[i] as FlowNode;
    const lastChild = node.children[node.children.length - 1];
    node.lastDescendant = lastChild ? lastChild.lastDescendant : node.index;
  }
  return model.nodes[first];
}

function collectTriggers(model: FlowModel, triggers: JsonNode | undefined): void {
  if (triggers?.type !== 'array' || !triggers.children) return;
  triggers.children.forEach((json, index) => {
    const refNode = propertyNode(json, 'ref');
    const trigger: TriggerDefinition = {
      index,
      ref: typeof refNode?.value === 'string' ? refNode.value : undefined,
      refSpan: refNode?.type === 'string' ? spanOf(refNode) : undefined,
      span: spanOf(json),
      json,
    };
    model.triggers.push(trigger);
  });
}

function collectArguments(model: FlowModel, argumentsNode: JsonNode | undefined): void {
  model.argumentsNode = argumentsNode;
  if (argumentsNode?.type !== 'object' || !argumentsNode.children) return;
  for (const property of argumentsNode.children) {
    const [key, value] = property.children ?? [];
    if (key?.type !== 'string') continue;
    const definition: ArgumentDefinition = {
      name: key.value as string,
      keySpan: spanOf(key),
      value: value ? jsonValue(value) : undefined,
      valueNode: value,
    };
    model.arguments.set(definition.name, definition);
  }
}

function collectRichInputs(model: FlowModel, richInputs: JsonNode | undefined): void {
  if (richInputs?.type !== 'array' || !richInputs.children) return;
  richInputs.children.forEach((input, richInputIndex) => {
    const kind = propertyValue(input, 'kind');
    const outputs = propertyNode(propertyNode(input, 'spec'), 'outputs');
    for (const property of outputs?.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key?.type !== 'string' || value?.type !== 'string') continue;
      const output: RichInputOutput = {
        argName: value.value as string,
        output: key.value as string,
        richInputKind: typeof kind === 'string' ? kind : undefined,
        richInputIndex,
        span: spanOf(value),
      };
      model.richInputOutputs.push(output);
    }
  });
}

/**
 * Adds every string holding `${` under `root` to `model.expressions`, in
 * document order, with the innermost of `model.nodes` that holds it.
 */
export function collectExpressions(
  model: Pick<FlowModel, 'text' | 'nodes' | 'expressions'>,
  root: JsonNode,
  reuseTemplate: BuildOptions['reuseTemplate'],
  rootOwner?: FlowNode,
): void {
  const ownerByJson = new Map<JsonNode, FlowNode>();
  for (const node of model.nodes) ownerByJson.set(node.json, node);
  // Two parallel stacks rather than one of small objects: this walk visits every JSON value of the document.
  const jsonStack: JsonNode[] = [root];
  const ownerStack: (FlowNode | undefined)[] = [rootOwner];
  while (jsonStack.length > 0) {
    const json = jsonStack.pop() as JsonNode;
    const outer = ownerStack.pop();
    if (json.type === 'string') {
      const value = json.value as string;
      if (value.includes('${')) {
        const site: ExpressionSite = {
          json,
          value,
          owner: outer,
          template: reuseTemplate?.(json) ?? parseTemplate(value, stringLiteralMapper(model.text, json.offset, json.length)),
        };
        model.expressions.push(site);
      }
      continue;
    }
    const children = json.children;
    if (!children) continue;
    const owner = json.type === 'object' ? ownerByJson.get(json) ?? outer : outer;
    // Pushed in reverse so that strings are collected in document order.
    // Property keys are strings too, but never hold expressions the platform resolves.
    const last = json.type === 'property' ? 1 : 0;
    for (let i = children.length - 1; i >= last; i--) {
      jsonStack.push(children[i] as JsonNode);
      ownerStack.push(owner);
    }
  }
}

/** The value node of `key` in an object node. */
export function propertyNode(object: JsonNode | undefined, key: string): JsonNode | undefined {
  if (object?.type !== 'object' || !object.children) return undefined;
  for (const property of object.children) {
    const keyNode = property.children?.[0];
    if (keyNode?.value === key) return property.children?.[1];
  }
  return undefined;
}

/** The plain value of `key` in an object node, when it is a literal. */
export function propertyValue(object: JsonNode | undefined, key: string): unknown {
  const node = propertyNode(object, key);
  return node && node.type !== 'object' && node.type !== 'array' ? node.value : undefined;
}

/** The property node (key and value) of `key`, for edits that remove or rename it. */
export function propertyEntry(object: JsonNode | undefined, key: string): JsonNode | undefined {
  return object?.children?.find((property) => property.children?.[0]?.value === key);
}

export function spanOf(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}

/** Plain JavaScript value of a node, built without recursion. */
export function jsonValue(node: JsonNode): unknown {
  if (node.type !== 'object' && node.type !== 'array') return node.value;
  const build = (n: JsonNode): unknown => (n.type === 'object' ? {} : n.type === 'array' ? [] : n.value);
  const result = build(node);
  const stack: { json: JsonNode; value: unknown }[] = [{ json: node, value: result }];
  while (stack.length > 0) {
    const { json, value } = stack.pop() as { json: JsonNode; value: unknown };
    for (const child of json.children ?? []) {
      if (json.type === 'object') {
        const [key, childValueNode] = child.children ?? [];
        if (key === undefined || childValueNode === undefined) continue;
        const childValue = build(childValueNode);
        (value as Record<string, unknown>)[key.value as string] = childValue;
        if (childValue !== null && typeof childValue === 'object') stack.push({ json: childValueNode, value: childValue });
      } else {
        const childValue = build(child);
        (value as unknown[]).push(childValue);
        if (childValue !== null && typeof childValue === 'object') stack.push({ json: child, value: childValue });
      }
    }
  }
  return result;
}

/** Offset of the first bracket that opens level `limit + 1`, ignoring strings and comments. */
export function findExcessiveNesting(text: string, limit: number): number | undefined {
  // Open brackets not yet matched. A closer that does not match the innermost
  // opener is left unmatched, as the parser's recovery does, so broken input
  // cannot hide depth from this count.
  const open: number[] = [];
  let found: number | undefined;
  scanStructure(text, (code, offset) => {
    if (code === 123 /* { */ || code === 91 /* [ */) {
      open.push(code);
      if (open.length > limit) found = offset;
    } else if (code === 125 /* } */ || code === 93 /* ] */) {
      if (open[open.length - 1] === code - 2) open.pop();
    }
    return found !== undefined;
  });
  return found;
}

/**
 * Calls `visit` with each bracket, comma and colon outside strings and
 * comments, in order, until it returns true. Strings end at a line break, as
 * in the JSON scanner. One pass, nothing allocated.
 */
export function scanStructure(text: string, visit: (code: number, offset: number) => boolean | void): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 34 || c === 10 || c === 13) break;
      }
    } else if (code === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (code === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (code === 123 || code === 91 || code === 125 || code === 93 || code === 44 /* , */ || code === 58 /* : */) {
      if (visit(code, i) === true) return;
    }
  }
}

function describeSyntaxErrors(text: string, errors: ParseError[]): SyntaxIssue[] {
  const issues: SyntaxIssue[] = [];
  const seenTrailingCommas = new Set<number>();
  for (const error of errors) {
    const span = { start: error.offset, end: error.offset + Math.max(error.length, 0) };
    if (error.error === ParseErrorCode.InvalidCommentToken) {
      issues.push({ code: 'json-comment', message: 'Comments are not allowed: the platform reads strict JSON. Move the note into "description".', span });
      continue;
    }
    if (error.offset === 0 && text.charCodeAt(0) === 0xfeff) {
      issues.push({ code: 'json-encoding', message: 'The file starts with a byte order mark (U+FEFF), which strict JSON does not allow: save it as UTF-8 without BOM.', span: { start: 0, end: 1 } });
      continue;
    }
    const comma = trailingCommaBefore(text, error);
    if (comma !== undefined) {
      if (!seenTrailingCommas.has(comma)) {
        seenTrailingCommas.add(comma);
        issues.push({ code: 'json-trailing-comma', message: 'Trailing comma: the platform reads strict JSON. Remove the comma.', span: { start: comma, end: comma + 1 } });
      }
      continue;
    }
    issues.push({ code: 'json-syntax', message: syntaxMessage(error.error), span });
  }
  return issues;
}

/** If the error sits on a closing bracket right after a comma, the offset of that comma. */
function trailingCommaBefore(text: string, error: ParseError): number | undefined {
  if (error.error !== ParseErrorCode.ValueExpected && error.error !== ParseErrorCode.PropertyNameExpected) return undefined;
  const closing = text[error.offset];
  if (closing !== '}' && closing !== ']') return undefined;
  let i = error.offset - 1;
  while (i >= 0 && /\s/.test(text[i] as string)) i--;
  return text[i] === ',' ? i : undefined;
}

function syntaxMessage(code: ParseErrorCode): string {
  switch (code) {
    case ParseErrorCode.InvalidSymbol: return 'Invalid symbol: expected a JSON value.';
    case ParseErrorCode.InvalidNumberFormat: return 'Invalid number.';
    case ParseErrorCode.PropertyNameExpected: return 'Expected a property name in double quotes.';
    case ParseErrorCode.ValueExpected: return 'Expected a value.';
    case ParseErrorCode.ColonExpected: return "Expected ':' after the property name.";
    case ParseErrorCode.CommaExpected: return "Expected ',' between entries.";
    case ParseErrorCode.CloseBraceExpected: return "Expected '}' to close the object.";
    case ParseErrorCode.CloseBracketExpected: return "Expected ']' to close the array.";
    case ParseErrorCode.EndOfFileExpected: return 'Unexpected content after the end of the document.';
    case ParseErrorCode.UnexpectedEndOfComment: return 'Unterminated comment.';
    case ParseErrorCode.UnexpectedEndOfString: return 'Unterminated string: add the closing double quote.';
    case ParseErrorCode.UnexpectedEndOfNumber: return 'Unterminated number.';
    case ParseErrorCode.InvalidUnicode: return 'Invalid unicode escape.';
    case ParseErrorCode.InvalidEscapeCharacter: return 'Invalid escape character in a string.';
    case ParseErrorCode.InvalidCharacter: return 'Invalid character in a string (control characters must be escaped).';
    default: return `JSON syntax error (${printParseErrorCode(code)}).`;
  }
}
