import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The shape of core/ that the README's Layout section promises: parts in
 * folders, arrows running one way (no cycle between files or between folders),
 * Git reached only through core/git, and no editor or protocol runtime in the
 * domain. Read from the TypeScript sources, so a new import that breaks the
 * shape fails here with the path that closes the loop.
 */

const repoRoot = path.join(__dirname, '../..');
const coreRoot = path.join(repoRoot, 'core');

interface SourceFile {
  /** Path from the repository root, with `/`. */
  file: string;
  imports: string[];
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(folder: string, out: string[] = []): string[] {
  for (const entry of readdirSync(folder)) {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function relative(full: string): string {
  return path.relative(repoRoot, full).split(path.sep).join('/');
}

function sources(folder: string): SourceFile[] {
  return walk(folder).map((full) => {
    const text = readFileSync(full, 'utf8');
    const imports: string[] = [];
    for (const match of text.matchAll(IMPORT)) imports.push((match[1] ?? match[2] ?? match[3]) as string);
    return { file: relative(full), imports };
  });
}

/** The repository file a relative specifier names, or undefined for a package or a non-TypeScript file. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
    try {
      if (statSync(path.join(repoRoot, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** Strongly connected components with more than one member, or a member that imports itself (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** One path around a cycle, for the failure message: [a, b, ..., a]. */
function loopThrough(graph: Map<string, Set<string>>, members: string[]): string[] {
  const inside = new Set(members);
  const start = members[0] as string;
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const next of graph.get(node) ?? []) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const loop = [start];
        for (let at = node; at !== start; at = parent.get(at) as string) loop.splice(1, 0, at);
        return [...loop, start];
      }
      if (!parent.has(next) && next !== start) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return members;
}

const folderOf = (file: string): string => file.split('/').slice(0, 2).join('/');

/** core's parts, lowest first, as the README's Layout lists them: a part may import only from parts before it. */
const PARTS = [
  'text', 'catalogue', 'runs', 'expressions', 'git', 'document', 'pipeline', 'schema', 'validation',
  'simulation', 'runner', 'triggers', 'gitops', 'northflank', 'graph', 'webhook', 'language',
];

describe('architecture of core/', () => {
  const core = sources(coreRoot);
  const fileGraph = new Map<string, Set<string>>();
  for (const source of core) {
    const targets = new Set<string>();
    for (const specifier of source.imports) {
      const target = resolveLocal(source.file, specifier);
      if (target?.startsWith('core/')) targets.add(target);
    }
    fileGraph.set(source.file, targets);
  }

  it('keeps its code in folders: at most a handful of files at the root', () => {
    const loose = readdirSync(coreRoot).filter((entry) => entry.endsWith('.ts'));
    assert.ok(loose.length <= 2, `core/ root has ${loose.length} TypeScript files: ${loose.join(', ')}`);
  });

  it('has no import cycle between files', () => {
    const found = cycles(fileGraph);
    assert.deepEqual(found.map((members) => loopThrough(fileGraph, members).join(' -> ')), []);
  });

  it('has no import cycle between folders: every arrow runs one way', () => {
    const folderGraph = new Map<string, Set<string>>();
    for (const [file, targets] of fileGraph) {
      const from = folderOf(file);
      const set = folderGraph.get(from) ?? new Set<string>();
      for (const target of targets) if (folderOf(target) !== from) set.add(folderOf(target));
      folderGraph.set(from, set);
    }
    const found = cycles(folderGraph);
    const explain = found.map((members) => {
      const loop = loopThrough(folderGraph, members);
      // For each arrow of the loop, one import that makes it.
      const arrows = loop.slice(1).map((to, i) => {
        const from = loop[i] as string;
        const witness = [...fileGraph].flatMap(([file, targets]) => (folderOf(file) === from ? [...targets].filter((t) => folderOf(t) === to).map((t) => `${file} imports ${t}`) : []))[0];
        return `${from} -> ${to} (${witness})`;
      });
      return arrows.join('; ');
    });
    assert.deepEqual(explain, []);
  });

  it('imports only from the parts listed before it in the Layout', () => {
    const folders = readdirSync(coreRoot).filter((entry) => statSync(path.join(coreRoot, entry)).isDirectory());
    assert.deepEqual(folders.filter((f) => !PARTS.includes(f)), [], 'every folder of core/ is in the list');
    const upward = [...fileGraph].flatMap(([file, targets]) => {
      const from = PARTS.indexOf(folderOf(file).slice('core/'.length));
      return [...targets].filter((t) => PARTS.indexOf(folderOf(t).slice('core/'.length)) > from).map((t) => `${file} imports ${t}`);
    });
    assert.deepEqual(upward, []);
  });

  it('reaches Git only through core/git', () => {
    const everywhere = [...core, ...['cli', 'client', 'server', 'webview'].flatMap((shell) => sources(path.join(repoRoot, shell)))];
    const outside = everywhere.filter((s) => s.imports.includes('simple-git') && !s.file.startsWith('core/git/')).map((s) => s.file);
    assert.deepEqual(outside, []);
  });

  it('imports no editor, protocol runtime or DOM: the shells do', () => {
    const forbidden = /^(vscode|vscode-languageserver(\/.*)?|vscode-languageclient(\/.*)?|vscode-jsonrpc(\/.*)?)$/;
    const offenders = core.flatMap((s) => s.imports.filter((i) => forbidden.test(i)).map((i) => `${s.file}: ${i}`));
    assert.deepEqual(offenders, []);
  });
});
