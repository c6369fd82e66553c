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

/** Two nodes, or a node and a trigger, sharing one ref: `${refs.x}` would be ambiguous. */
export const duplicateRefsValidator: Validator = {
  name: 'duplicate-refs',
  validate: ({ model }) => {
    const owners = new Map<string, Owner[]>();
    const add = (ref: string | undefined, span: Span | undefined, what: string): void => {
      if (ref === undefined || span === undefined) return;
      const list = owners.get(ref) ?? [];
      list.push({ span, what });
      owners.set(ref, list);
    };
    for (const trigger of model.triggers) add(trigger.ref, trigger.refSpan, 'trigger');
    for (const node of model.nodes) add(node.ref, node.refSpan, `${node.kind ?? 'node'} node`);
    const result: FlowDiagnostic[] = [];
    // Line numbers only for the duplicates: looking up every ref's line cost more than the rest of the rule.
    const line = (owner: Owner): number => model.lines.positionAt(owner.span.start).line + 1;
    for (const [ref, list] of owners) {
      if (list.length < 2) continue;
      for (const entry of list) {
        result.push(diagnostic('duplicate-ref', 'error', `Duplicate ref '${ref}': also used by the ${othersOf(list, entry, line)}. Refs must be unique.`, entry.span, { name: ref }));
      }
    }
    return result;
  },
};
