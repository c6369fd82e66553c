/**
 * Finds the release-flow JSON examples in the platform's documentation
 * (markdown pages): used to check that test/fixtures/reference-examples.json
 * still holds them, and to write that file again when the documentation changes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_ONLY_KINDS } from '../../core/catalogue/kinds';

/** Response fields that describe a stored flow on the platform, not a file in Git. */
const PLATFORM_STATE_FIELDS = ['concurrencyPolicy', 'stage', 'status', 'paused', 'createdAt', 'updatedAt'];

export interface ReferenceExample {
  /** `file:line` in the documentation, relative to its root. */
  where: string;
  flow: Record<string, unknown>;
}

function markdownFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? markdownFiles(full) : name.endsWith('.md') ? [full] : [];
  });
}

/** JSON documents in a page, fenced or indented: from a line that opens `{` to the line that balances it. */
function jsonDocuments(text: string): { line: number; value: unknown }[] {
  const lines = text.split('\n');
  const found: { line: number; value: unknown }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\{\s*$/.test(lines[i]!)) continue;
    let depth = 0;
    for (let j = i; j < lines.length && j < i + 2000; j++) {
      for (const ch of lines[j]!.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
        if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') depth--;
      }
      if (depth === 0) {
        try {
          found.push({ line: i + 1, value: JSON.parse(lines.slice(i, j + 1).join('\n')) });
          i = j;
        } catch {
          // not a JSON document after all (prose with braces)
        }
        break;
      }
    }
  }
  return found;
}

function kindsIn(value: unknown, into = new Set<string>()): Set<string> {
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) stack.push(...current);
    else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      if (typeof record.kind === 'string') into.add(record.kind);
      stack.push(...Object.values(record));
    }
  }
  return into;
}

/** A release flow: apiVersion and a Workflow root, and no node that only templates have. */
function asReleaseFlow(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const candidate = 'data' in record && !('apiVersion' in record) ? (record.data as Record<string, unknown>) : record;
  const spec = candidate?.spec as Record<string, unknown> | undefined;
  if (candidate?.apiVersion === undefined || spec?.kind !== 'Workflow') return undefined;
  // Run records (abort / run details) embed the flow with run state; they are not files.
  if ('startedAt' in candidate || 'concluded' in candidate) return undefined;
  if ([...kindsIn(spec)].some((kind) => TEMPLATE_ONLY_KINDS.has(kind))) return undefined;
  const flow = { ...candidate };
  for (const field of PLATFORM_STATE_FIELDS) delete flow[field];
  return flow;
}

export function collectExamples(referenceRoot: string): ReferenceExample[] {
  const examples: ReferenceExample[] = [];
  for (const file of markdownFiles(referenceRoot).sort()) {
    const relative = path.relative(referenceRoot, file).split(path.sep).join('/');
    for (const { line, value } of jsonDocuments(readFileSync(file, 'utf8'))) {
      const flow = asReleaseFlow(value);
      if (flow) examples.push({ where: `${relative}:${line}`, flow });
    }
  }
  return examples;
}

