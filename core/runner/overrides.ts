/**
 * Run-time overrides applied as the platform's run request defines them
 * (api/run-release-flow.md): `overrides` by node ref replace fields of that
 * node's spec; `releaseNodeOverrides` by service id replace fields of the spec
 * of every Release node that deploys to that service. A field given replaces
 * the field as a whole (`origin: {imagePath}` replaces the whole origin), as the
 * documented example that turns a build Release into a registry one needs.
 * Where both apply, the ref's override is applied last.
 */
import type { FlowModel, FlowNode } from '../document/model';
import { propertyNode } from '../document/parse';
import type { DryRunProblem } from '../runs/events';
import { OverrideSyntaxError, runOverridesFromFlags, type RunOverrides } from '../runs/overrides';
import { closestName, didYouMean } from '../text/suggest';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const asObject = (value: unknown): Json => (isObject(value) ? value : {});

/** Overrides that name no node (or no Release target): the run would change nothing there, so it does not start. */
export function overrideProblems(model: FlowModel, overrides: RunOverrides | undefined): DryRunProblem[] {
  const problems: DryRunProblem[] = [];
  if (!overrides) return problems;
  const nodes = model.nodes.filter((node) => node.tree === 'spec');
  const refs = nodes.map((node) => node.ref).filter((ref): ref is string => ref !== undefined);
  for (const ref of Object.keys(overrides.overrides ?? {})) {
    const node = nodes.find((n) => n.ref === ref);
    if (!node) {
      problems.push({ code: 'unknown-override', message: `The run's overrides name '${ref}', but no node has the ref '${ref}'.${didYouMean(closestName(ref, refs))}`, line: 1, column: 1 });
    } else if (node.kind === 'Workflow' || node.kind === 'LoopWorkflow') {
      problems.push({ code: 'unknown-override', message: `The run's overrides name '${ref}', a ${node.kind}: only the spec of a node that acts can be overridden.`, line: 1, column: 1, node: ref });
    }
  }
  const targets = nodes.filter((node) => node.kind === 'Release').map((node) => propertyNode(propertyNode(propertyNode(node.json, 'spec'), 'target'), 'id'));
  // A target written as an expression could be any service: then no id can be refused.
  if (targets.some((target) => target?.type === 'string' && (target.value as string).includes('${'))) return problems;
  const ids = targets.filter((t) => t?.type === 'string').map((t) => t?.value as string);
  for (const id of Object.keys(overrides.releaseNodeOverrides ?? {})) {
    if (ids.includes(id)) continue;
    problems.push({ code: 'unknown-override', message: `The run's releaseNodeOverrides name '${id}', but no Release node deploys to '${id}' (targets: ${ids.join(', ') || 'none'}).${didYouMean(closestName(id, ids))}`, line: 1, column: 1 });
  }
  return problems;
}

/**
 * The node's resolved fields with the overrides that concern it applied, the spec fields they replaced,
 * and the fields of a replaced object the override leaves out (`origin.id` when only `origin.branch` is given):
 * they are gone for this run, which the run's note says, since a dotted flag reads like a change of one field.
 */
export function applyOverrides(node: FlowNode, resolved: Json, overrides: RunOverrides | undefined): { resolved: Json; replaced: string[]; dropped: string[] } {
  if (!overrides) return { resolved, replaced: [], dropped: [] };
  const layers: Json[] = [];
  if (node.kind === 'Release') {
    const target = asObject(asObject(resolved.spec).target).id;
    const byService = typeof target === 'string' ? overrides.releaseNodeOverrides?.[target] : undefined;
    if (byService) layers.push(byService);
  }
  const byRef = node.ref === undefined ? undefined : overrides.overrides?.[node.ref];
  if (byRef) layers.push(byRef);
  if (layers.length === 0) return { resolved, replaced: [], dropped: [] };
  const original = asObject(resolved.spec);
  const spec = { ...original };
  const replaced = new Set<string>();
  for (const layer of layers) {
    for (const [field, value] of Object.entries(layer)) {
      spec[field] = value;
      replaced.add(field);
    }
  }
  const dropped = [...replaced].flatMap((field) => leftOut(original[field], spec[field], field));
  return { resolved: { ...resolved, spec }, replaced: [...replaced], dropped };
}

/** Paths of `before`'s fields that `after` no longer has, when both are objects (nested objects followed). */
function leftOut(before: unknown, after: unknown, at: string): string[] {
  if (!isObject(before) || !isObject(after)) return [];
  return Object.keys(before).flatMap((key) => (key in after ? leftOut(before[key], after[key], `${at}.${key}`) : [`${at}.${key}`]));
}

/**
 * Why one more `REF.FIELD=V` (`byRef`) or `ID.FIELD=V` entry cannot be used with the `earlier` ones:
 * its form, or a ref or service no node has; undefined when it can (the editor's run form asks this).
 */
export function overrideEntryProblem(model: FlowModel, text: string, byRef: boolean, earlier: readonly string[]): string | undefined {
  const names: [string, string] = ['node override', 'release override'];
  try {
    const overrides = byRef ? runOverridesFromFlags([...earlier, text], [], names) : runOverridesFromFlags([], [...earlier, text], names);
    return overrideProblems(model, overrides)[0]?.message;
  } catch (error) {
    if (error instanceof OverrideSyntaxError) return error.message;
    throw error;
  }
}
