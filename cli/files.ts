import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isReleaseFlowFileName, looksLikeReleaseFlow } from '../core/document/flowFiles';

/** Folders never searched for flows: dependencies, VCS internals and the runner's local state. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.release-flow', 'out', 'dist']);
/** Content sniffing reads at most this much of a file whose name says nothing. */
const SNIFF_BYTES = 64 * 1024;

// Shared with the language server: the name and content tests are pure (core/flowFiles.ts), the Git and pipeline lookups node-only (core/workspace.ts).
export { isReleaseFlowFileName, looksLikeReleaseFlow } from '../core/document/flowFiles';
export { findPipelineFile } from '../core/pipeline/files';
export { findGitRoot, repoRelativePath } from '../core/git/root';

/**
 * Release-flow files under a folder, sorted, skipping dependency and state
 * folders. A folder or file that cannot be read is passed to `unreadable`
 * (with the error's code) and the search goes on with the rest.
 */
export async function findReleaseFlows(folder: string, unreadable: (path: string, reason: string) => void = () => undefined): Promise<string[]> {
  const found: string[] = [];
  const pending = [folder];
  const reason = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries;
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch (error) {
      unreadable(current, reason(error));
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(full);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
        if (isReleaseFlowFileName(full)) {
          found.push(full);
          continue;
        }
        try {
          if (looksLikeReleaseFlow(await readHead(full))) found.push(full);
        } catch (error) {
          unreadable(full, reason(error));
        }
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
