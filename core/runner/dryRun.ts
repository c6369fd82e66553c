/**
 * The dry run the platform makes before executing any node: every reference,
 * argument and function that can be resolved before execution must resolve.
 * The flow's own errors come from core/validate.ts (syntax, schema, unknown or
 * unavailable refs, functions and their arity, skipNodeExecution and timeout
 * values, pipeline resources); then every expression is evaluated with this
 * run's arguments and trigger values, node outputs standing in as "not known
 * yet", so a missing argument, a function that fails on its inputs or a
 * skipNodeExecution that is not a boolean is caught here, with where it is.
 */
import type { FlowModel } from '../document/model';
import { nodeAtOffset } from '../document/order';
import type { PipelineDescription } from '../pipeline/description';
import { propertyNode, spanOf } from '../document/parse';
import type { Span } from '../text/positions';
import type { FlowDiagnostic } from '../validation/diagnostics';
import { runCoreValidators } from '../validation/validate';
import { pipelineResourcesValidator } from '../validation/pipelineResources';
import { DEFERRED, EvaluationError, evaluateTemplate, readPath, type Lookup, type Scope } from '../expressions/evaluate';
import type { DryRunProblem, TriggerValues } from '../runs/events';
import { callFunction, EFFECTFUL_FUNCTIONS } from '../expressions/functions';
import { pathText, readSkip, readTimeout } from './nodeSpec';
import { cutLongNames } from '../text/longNames';

export interface DryRunInput {
  /** The flow as core/validate.ts parsed it, and what it found (without pipeline checks). */
  model: FlowModel;
  diagnostics: readonly FlowDiagnostic[];
  /** The flow's path in its repository (`/release-development.json`), when in one. */
  repoPath?: string;
  fileName?: string;
  /** The pipeline, with this flow listed in the stage it runs for. */
  pipeline?: PipelineDescription;
  args: ReadonlyMap<string, unknown>;
  triggers: ReadonlyMap<string, TriggerValues>;
  now: number;
}

/** Everything that stops the run from starting, with where it is; empty when the run may start. */
export function dryRun(input: DryRunInput): DryRunProblem[] {
  const { model } = input;
  const problems: DryRunProblem[] = [];
  const taken: Span[] = [];
  // One problem per place: an evaluation error inside a span a validator already explained says nothing new.
  const add = (code: string, message: string, span: Span, node: string | undefined): void => {
    if (taken.some((t) => t.start === span.start || (span.start < t.end && t.start < span.end))) return;
    taken.push(span);
    const position = model.lines.positionAt(span.start);
    const problem: DryRunProblem = { code, message: cutLongNames(message), line: position.line + 1, column: position.character + 1 };
    if (node !== undefined) problem.node = node;
    problems.push(problem);
  };
  const context = { model, repoPath: input.repoPath, fileName: input.fileName, pipeline: input.pipeline };
  const pipelineChecks = input.pipeline ? runCoreValidators(context, [pipelineResourcesValidator]) : [];
  for (const d of [...input.diagnostics, ...pipelineChecks]) {
    if (d.severity === 'error') add(d.code, d.message, d.span, ownerAt(model, d.span.start));
  }
  if (!model.rootNode) {
    if (problems.length === 0) add('no-spec', 'The flow has no "spec" workflow to run.', { start: 0, end: 0 }, undefined);
    return problems;
  }
  const scope = dryScope(model, input);
  for (const site of model.expressions) {
    const owner = site.owner;
    if (!owner || owner.tree !== 'spec') continue;
    const nodeName = owner.ref ?? pathText(owner.path);
    // Each interpolation on its own first, so that every missing argument of a string is reported.
    let failed = false;
    for (const interpolation of site.template.interpolations) {
      try {
        evaluateTemplate('', { interpolations: [interpolation], errors: [], isSingleExpression: true }, scope);
      } catch (error) {
        if (!(error instanceof EvaluationError)) throw error;
        add(error.code, error.message, error.span, nodeName);
        failed = true;
      }
    }
    if (failed || site.template.errors.length > 0) continue;
    const value = evaluateTemplate(site.value, site.template, scope);
    if (value === DEFERRED) continue;
    if (site.json === propertyNode(owner.json, 'skipNodeExecution')) {
      const skip = readSkip(value);
      if (typeof skip === 'string') add('invalid-skip', skip, spanOf(site.json), nodeName);
    } else if (site.json === propertyNode(owner.json, 'timeoutDuration') || isConditionTimeout(owner.json, site.json)) {
      const timeout = readTimeout(value, owner.kind === 'Release' && site.json === propertyNode(owner.json, 'timeoutDuration'));
      if (typeof timeout === 'string') add('invalid-timeout', timeout, spanOf(site.json), nodeName);
    }
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return problems;
}

function isConditionTimeout(nodeJson: Parameters<typeof propertyNode>[0], json: unknown): boolean {
  const data = propertyNode(propertyNode(propertyNode(nodeJson, 'spec'), 'spec'), 'data');
  return propertyNode(data, 'timeoutDuration') === json;
}

function ownerAt(model: FlowModel, offset: number): string | undefined {
  const node = nodeAtOffset(model, offset);
  return node ? node.ref ?? pathText(node.path) : undefined;
}

/** Arguments and trigger values are known; node outputs and generated values are not, yet. */
function dryScope(model: FlowModel, input: DryRunInput): Scope {
  return {
    ref: (name, path): Lookup => {
      if (model.nodesByRef.has(name)) return DEFERRED;
      const trigger = input.triggers.get(name);
      if (!trigger) return { missing: `No node or trigger has the ref '${name}'.` };
      if (path.length === 0) return { value: trigger };
      const found = readPath(trigger, path);
      return 'value' in found ? { value: found.value } : { missing: `Trigger '${name}' has no '${path.join('.')}'; it gives branch, sha, repoUrl and pullRequestId.` };
    },
    arg: (name): Lookup =>
      input.args.has(name) ? { value: input.args.get(name) } : { missing: `Argument '${name}' has no value: give it a default in "arguments" or pass --arg ${name}=<value>.` },
    call: (name, args) => {
      if (EFFECTFUL_FUNCTIONS.has(name)) return DEFERRED;
      return callFunction(name, args, { now: input.now, secret: () => '', bytes: (count) => new Uint8Array(count) });
    },
  };
}
