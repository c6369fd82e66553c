import { diagnostic, type FlowDiagnostic, type Validator } from './diagnostics';
import type { Span } from '../text/positions';

interface Owner {
  span: Span;
  what: string;
}

/** Names a few of the other owners, so that many duplicates keep messages (and time) linear. */
function othersOf(list: Owner[], entry: Owner, line: (owner: Owner) => number, shown = 3): string {
  const named: string[] = [];
  for (const other of list) {
    if (other === entry) continue;
    if (named.length === shown) break;
    named.push(`${other.what} on line ${line(other)}`);
  }
  const more = list.length - 1 - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

/**
 * Two nodes, or a node and a trigger, sharing one ref: `${refs.x}` would be ambiguous.
 * Reads the model's index of nodes by ref rather than building one: an edit's validation stays light.
 */
export const duplicateRefsValidator: Validator = {
  name: 'duplicate-refs',
  validate: ({ model }) => {
    const triggers = new Map<string, Owner[]>();
    for (const trigger of model.triggers) {
      if (trigger.ref === undefined || trigger.refSpan === undefined) continue;
      const list = triggers.get(trigger.ref) ?? [];
      list.push({ span: trigger.refSpan, what: 'trigger' });
      triggers.set(trigger.ref, list);
    }
    const result: FlowDiagnostic[] = [];
    // Line numbers only for the duplicates: looking up every ref's line cost more than the rest of the rule.
    const line = (owner: Owner): number => model.lines.positionAt(owner.span.start).line + 1;
    const report = (ref: string, list: Owner[]): void => {
      for (const entry of list) {
        result.push(diagnostic('duplicate-ref', 'error', `Duplicate ref '${ref}': also used by the ${othersOf(list, entry, line)}. Refs must be unique.`, entry.span, { name: ref }));
      }
    };
    for (const [ref, nodes] of model.nodesByRef) {
      const sharing = triggers.get(ref);
      if (nodes.length + (sharing?.length ?? 0) < 2) continue;
      const owners = nodes.flatMap((node): Owner[] => (node.refSpan ? [{ span: node.refSpan, what: `${node.kind ?? 'node'} node` }] : []));
      report(ref, [...(sharing ?? []), ...owners]);
    }
    for (const [ref, list] of triggers) if (list.length > 1 && !model.nodesByRef.has(ref)) report(ref, list);
    return result;
  },
};
