import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Folders never searched for flows: dependencies, VCS internals and the runner's local state. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.release-flow', 'out', 'dist']);
const LOOKS_LIKE_FLOW_BY_NAME = /(^|[\\/])(release-[^\\/]*\.json|release[\\/][^\\/]+\.json)$/i;
/** Content sniffing reads at most this much of a file whose name says nothing. */
const SNIFF_BYTES = 64 * 1024;

/** True for names the platform's conventions use for flows: release-*.json, release/*.json. */
export function isReleaseFlowFileName(file: string): boolean {
  return LOOKS_LIKE_FLOW_BY_NAME.test(file.split(path.sep).join('/'));
}

/** A JSON document whose top level has apiVersion and a Workflow root is a release flow, whatever its name. */
export function looksLikeReleaseFlow(text: string): boolean {
  return /"apiVersion"\s*:/.test(text) && /"kind"\s*:\s*"Workflow"/.test(text);
}

/** Release-flow files under a folder, sorted, skipping dependency and state folders. */
export async function findReleaseFlows(folder: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const entries = await fs.readdir(current, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(full);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
        if (isReleaseFlowFileName(full) || looksLikeReleaseFlow(await readHead(full))) found.push(full);
      }
    }
  }
  return found.sort();
}

async function readHead(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The top folder of the Git work tree holding `file`, found by looking for `.git` upwards. */
export async function findGitRoot(file: string): Promise<string | undefined> {
  let current = path.dirname(path.resolve(file));
  for (;;) {
    try {
      await fs.stat(path.join(current, '.git'));
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return undefined;
      current = parent;
    }
  }
}

/** `/a/b.json`: the form gitops.filePath uses. */
export function repoRelativePath(gitRoot: string, file: string): string {
  return '/' + path.relative(gitRoot, path.resolve(file)).split(path.sep).join('/');
}

/** The nearest `.northflank/pipeline.json` from the file's folder up to `stopAt` (inclusive). */
export async function findPipelineFile(file: string, stopAt: string | undefined): Promise<string | undefined> {
  let current = path.dirname(path.resolve(file));
  const limit = stopAt === undefined ? undefined : path.resolve(stopAt);
  for (;;) {
    const candidate = path.join(current, '.northflank', 'pipeline.json');
    try {
      await fs.access(candidate);
      return candidate;
    } catch {
      const parent = path.dirname(current);
      if (current === limit || parent === current) return undefined;
      current = parent;
    }
  }
}
