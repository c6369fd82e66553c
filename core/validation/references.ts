import { outputsComplete, RELEASE_FLOW_KINDS } from '../catalogue/kinds';
import { outputsAt, TRIGGER_OUTPUTS, type OutputProperty } from '../catalogue/outputs';
import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import { expressionUses, type RefUse } from '../document/expressionUses';
import type { FlowModel, FlowNode } from '../document/model';
import { availability, type Availability } from '../document/order';
import { closestName, createSuggester, didYouMean } from '../text/suggest';

/** `${refs.x...}`: x exists, has finished before the use, and outputs the property read. */
export const referencesValidator: Validator = {
  name: 'references',
  validate: ({ model }) => {
    const triggerRefs = new Set(model.triggers.map((t) => t.ref).filter((r): r is string => r !== undefined));
    const result: FlowDiagnostic[] = [];
    // Made at the first unknown ref: copying every ref name on each edit's validation was a cost of its own.
    let suggester: ((name: string) => string | undefined) | undefined;
    const suggest = (name: string): string | undefined => (suggester ??= createSuggester([...model.nodesByRef.keys(), ...triggerRefs]))(name);
    for (const use of expressionUses(model).refs) {
      if (use.name === '') continue;
      const nodes = model.nodesByRef.get(use.name);
      if (triggerRefs.has(use.name) && nodes === undefined) {
        checkProperty(result, use, TRIGGER_OUTPUTS, `trigger '${use.name}'`);
        continue;
      }
      if (nodes === undefined) {
        const suggestion = suggest(use.name);
        result.push(
          diagnostic('unknown-ref', 'error', `No node or trigger has the ref '${use.name}'.${didYouMean(suggestion)}`, use.nameSpan,
            suggestion === undefined ? { name: use.name } : { name: use.name, suggestion }),
        );
        continue;
      }
      // A duplicate ref is reported on its own; judge the use against its first definition.
      const source = nodes[0] as FlowNode;
      const user = use.site.owner;
      const verdict: Availability | 'top-level' = user === undefined ? 'top-level' : availability(source, user);
      if (verdict !== 'available') {
        result.push(diagnostic('ref-not-available', 'error', notAvailableMessage(model, use.name, source, verdict), use.nameSpan, { name: use.name }));
        continue;
      }
      // Only kinds whose outputs are fully catalogued can say a property is missing.
      const kind = source.kind === undefined ? undefined : RELEASE_FLOW_KINDS.get(source.kind);
      if (kind && outputsComplete(kind.kind)) checkProperty(result, use, kind.outputs, `${kind.kind} node '${use.name}'`);
    }
    return result;
  },
};

function checkProperty(result: FlowDiagnostic[], use: RefUse, outputs: OutputProperty[], what: string): void {
  if (use.property.length === 0 || outputs.length === 0) return;
  if (use.property.some((segment) => segment.name === '')) return;
  if (outputsAt(outputs, use.property) !== undefined) return;
  const path = use.property.map((segment) => segment.name);
  // Find the first segment that does not resolve, so the squiggle sits on it.
  let failing = use.property.length - 1;
  for (let i = 1; i <= path.length; i++) {
    if (outputsAt(outputs, path.slice(0, i)) === undefined) {
      failing = i - 1;
      break;
    }
  }
  const segment = use.property[failing];
  if (!segment) return;
  const siblings = failing === 0 ? outputs : childrenAt(outputs, path.slice(0, failing));
  const suggestion = closestName(segment.name, siblings.map((p) => p.name));
  // Below a scalar there is nothing to list: say what the parent is instead of an empty list.
  const parent = failing === 0 ? undefined : outputsAt(outputs, path.slice(0, failing));
  const known = siblings.length > 0
    ? ` Known outputs here: ${siblings.map((p) => p.name).join(', ')}.`
    : typeof parent === 'object' ? ` '${path.slice(0, failing).join('.')}' is a ${parent.type} and has no properties.` : '';
  result.push(
    diagnostic('unknown-output-property', 'warning',
      `The ${what} has no output '${path.slice(0, failing + 1).join('.')}'.${didYouMean(suggestion)}${known}`,
      segment.span, suggestion === undefined ? { name: segment.name } : { name: segment.name, suggestion }),
  );
}

function childrenAt(outputs: OutputProperty[], path: string[]): OutputProperty[] {
  const found = outputsAt(outputs, path);
  return typeof found === 'object' ? found.children ?? [] : [];
}

function notAvailableMessage(model: FlowModel, name: string, source: FlowNode, verdict: Availability | 'top-level'): string {
  const where = `line ${model.lines.positionAt(source.span.start).line + 1}`;
  switch (verdict) {
    case 'self':
      return `A node cannot read its own outputs: '${name}' is this node.`;
    case 'encloses-use':
      return `'${name}' (${where}) is a workflow that contains this node; its outputs exist only after it has finished.`;
    case 'inside-use':
      return `'${name}' (${where}) runs inside this workflow, after it starts; its outputs are not available here.`;
    case 'later':
      return `'${name}' (${where}) runs later in the sequential workflow; its outputs are not available yet here. Move it before this node.`;
    case 'parallel':
      return `'${name}' (${where}) runs in parallel with this node, so it is not guaranteed to have finished. Move it into an earlier sequential step.`;
    case 'unordered':
      return `'${name}' (${where}) and this node sit in a workflow without a valid "type", so '${name}' is not known to have finished.`;
    case 'other-tree':
      return `'${name}' (${where}) runs in ${source.tree === 'spec' ? 'the flow' : 'the teardown'}, this node in ${source.tree === 'spec' ? 'the teardown' : 'the flow'}; refs do not cross between them.`;
    case 'top-level':
      return `Refs resolve only inside the nodes of "spec" and "teardownSpec"; '${name}' has no outputs here.`;
    default:
      return `'${name}' is not available here.`;
  }
}
