/** A working repository with a bare upstream (origin, pushed, origin/HEAD set) and an ssh remote for repoUrl matching. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { git, removeDir, tempRepo } from '../runner/helpers';

export interface RepoWithUpstream {
  dir: string;
  upstream: string;
  /** The commit pushed to origin/main. */
  first: string;
  remove(): Promise<void>;
}

export async function repoWithUpstream(files: Record<string, string>): Promise<RepoWithUpstream> {
  const dir = await tempRepo(files);
  const upstream = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-upstream-')));
  git(upstream, 'init', '-q', '--bare', '-b', 'main');
  git(dir, 'remote', 'add', 'origin', upstream);
  git(dir, 'remote', 'add', 'github', 'git@github.com:acme/shop.git');
  git(dir, 'push', '-q', '-u', 'origin', 'main');
  git(dir, 'remote', 'set-head', 'origin', 'main');
  return {
    dir, upstream, first: git(dir, 'rev-parse', 'HEAD'),
    remove: async () => {
      await removeDir(dir);
      await removeDir(upstream);
    },
  };
}
