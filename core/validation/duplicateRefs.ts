import { diagnostic, type FlowDiagnostic, type Validator } from '../diagnostics';
import type { Span } from '../text';

/** Two nodes, or a node and a trigger, sharing one ref: `${refs.x}` would be ambiguous. */
export const duplicateRefsValidator: Validator = {
  name: 'duplicate-refs',
  validate: ({ model }) => {
    const owners = new Map<string, { span: Span; what: string; line: number }[]>();
    const add = (ref: string | undefined, span: Span | undefined, what: string): void => {
      if (ref === undefined || span === undefined) return;
      const list = owners.get(ref) ?? [];
      list.push({ span, what, line: model.lines.positionAt(span.start).line + 1 });
      owners.set(ref, list);
    };
    for (const trigger of model.triggers) add(trigger.ref, trigger.refSpan, 'trigger');
    for (const node of model.nodes) add(node.ref, node.refSpan, `${node.kind ?? 'node'} node`);
    const result: FlowDiagnostic[] = [];
    for (const [ref, list] of owners) {
      if (list.length < 2) continue;
      for (const entry of list) {
        const others = list.filter((other) => other !== entry).map((other) => `${other.what} on line ${other.line}`);
        result.push(diagnostic('duplicate-ref', 'error', `Duplicate ref '${ref}': also used by the ${others.join(', ')}. Refs must be unique.`, entry.span, { name: ref }));
      }
    }
    return result;
  },
};
