/**
 * The local Git repository, as the simulated build services see it. Behind an
 * interface so that the runner never depends on how Git is reached; the
 * implementation uses simple-git (which runs the `git` binary without a shell).
 */
import { simpleGit, type SimpleGit } from 'simple-git';
import { closestName, didYouMean } from '../text/suggest';

export type GitErrorCode =
  | 'no-repo'
  | 'no-commits'
  | 'detached-head'
  | 'unknown-branch'
  | 'unknown-commit'
  | 'git-failed'
  // Committing and pushing one file of the work tree (workTreeFile.ts):
  | 'outside-repo'
  | 'conflicts'
  | 'operation-in-progress'
  | 'ignored'
  | 'nothing-to-commit'
  | 'no-identity'
  | 'no-remote'
  | 'bad-name'
  | 'push-rejected';

export class GitError extends Error {
  constructor(
    readonly code: GitErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface CommitInfo {
  sha: string;
  message: string;
  author: string;
  date: string;
}

export interface GitProvider {
  /** Top folder of the work tree. */
  root(): Promise<string>;
  /** The checked-out commit, and its branch (undefined on a detached HEAD). */
  head(): Promise<{ sha: string; branch: string | undefined }>;
  /** Newest commit of a branch: the local branch, else `origin/<branch>`. */
  branchHead(branch: string): Promise<{ sha: string; ref: string }>;
  /** A commit given by full or abbreviated sha. */
  commit(sha: string): Promise<CommitInfo>;
  /** URL of the `origin` remote, when there is one. */
  remoteUrl(): Promise<string | undefined>;
}

const SAFE_NAME = /^[^-\s][^\s~^:?*[\\]*$/;

/** A simple-git handle on `directory`, and the top of its work tree or a `no-repo` error that says what needed it. */
export function openRepository(directory: string, neededFor: string): { git: SimpleGit; root: () => Promise<string> } {
  const git = simpleGit({ baseDir: directory, maxConcurrentProcesses: 4 });
  let root: Promise<string> | undefined;
  return {
    git,
    root: () =>
      (root ??= git
        .raw(['rev-parse', '--show-toplevel'])
        .then((out) => out.trim())
        .catch(() => {
          throw new GitError('no-repo', `${directory} is not inside a Git repository: ${neededFor}`);
        })),
  };
}

export class SimpleGitProvider implements GitProvider {
  private readonly git: SimpleGit;
  private readonly commits = new Map<string, CommitInfo>();
  readonly root: () => Promise<string>;

  constructor(directory: string) {
    ({ git: this.git, root: this.root } = openRepository(
      directory,
      "the simulated build services build commits of the repository that holds the flow. Run 'git init' and commit, or run a flow without Build nodes.",
    ));
  }

  async head(): Promise<{ sha: string; branch: string | undefined }> {
    const root = await this.root();
    const sha = await this.revParse('HEAD');
    if (sha === undefined) throw new GitError('no-commits', `The repository at ${root} has no commits yet: commit the flow (and your code) before running builds.`);
    const branch = (await this.git.raw(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim();
    return { sha, branch: branch === '' ? undefined : branch };
  }

  async branchHead(branch: string): Promise<{ sha: string; ref: string }> {
    await this.root();
    if (!SAFE_NAME.test(branch)) throw new GitError('unknown-branch', `'${branch}' is not a valid branch name.`);
    for (const ref of [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`]) {
      const sha = await this.revParse(ref);
      if (sha !== undefined) return { sha, ref };
    }
    const head = await this.revParse('HEAD');
    if (head === undefined) throw new GitError('no-commits', `The repository has no commits yet, so branch '${branch}' does not exist: commit first.`);
    const branches = (await this.git.raw(['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).split('\n').filter((b) => b !== '');
    throw new GitError(
      'unknown-branch',
      `Branch '${branch}' does not exist in the local repository (nor as origin/${branch}).${didYouMean(closestName(branch, branches))} Local branches: ${branches.join(', ') || 'none (detached HEAD)'}.`,
    );
  }

  async commit(sha: string): Promise<CommitInfo> {
    const cached = this.commits.get(sha);
    if (cached) return cached;
    await this.root();
    const full = SAFE_NAME.test(sha) ? await this.revParse(sha) : undefined;
    if (full === undefined) throw new GitError('unknown-commit', `Commit '${sha}' does not exist in the local repository.`);
    const [, message = '', author = '', date = ''] = (await this.git.raw(['log', '-1', '--format=%H%x00%s%x00%an%x00%cI', full])).trim().split('\0');
    const info: CommitInfo = { sha: full, message, author, date };
    this.commits.set(sha, info);
    this.commits.set(full, info);
    return info;
  }

  async remoteUrl(): Promise<string | undefined> {
    await this.root();
    const url = (await this.git.raw(['config', '--get', 'remote.origin.url']).catch(() => '')).trim();
    return url === '' ? undefined : url;
  }

  /** Full sha of a commit-ish, or undefined when it does not name a commit. */
  private async revParse(name: string): Promise<string | undefined> {
    const out = await this.git.raw(['rev-parse', '--verify', '--quiet', `${name}^{commit}`]).catch(() => '');
    const sha = out.trim();
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined;
  }
}
