import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Where a file sits in its Git work tree, found without running Git: cheap
 * enough for every document the language server opens.
 */

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
