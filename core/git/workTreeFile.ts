/**
 * One file of a work tree, committed and pushed alone: the Git side of a
 * GitOps commit, through simple-git (the `git` binary, no shell): where the
 * file sits, whether the repository is in a state to commit it, HEAD's version
 * of it, the pathspec commit and the push. Refusals are GitErrors.
 *
 * The commit is `git commit --only -- <file>`: it records the file's working
 * tree content and nothing else, whatever else is staged (that stays staged).
 * A push is never forced: a rejected push is reported, not retried.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { compareRepoUrls } from './repoUrl';
import { GitError } from './repository';

export interface CommitResult {
  sha: string;
  branch: string;
}

export interface PushTarget {
  remote: string;
  /** The remote's URL, for messages. */
  url: string;
  branch: string;
  /** Why this remote: it matches gitops.repoUrl, it is the branch's upstream, or it is the only one. */
  reason: string;
}

export interface PushResult extends PushTarget {
  /** Git's one-line summary, e.g. `abc1234..def5678`. */
  summary: string;
}

/** Branch and remote names we hand to Git: never something it could read as an option or a revision expression. */
const SAFE_NAME = /^(?!-)(?!.*\.\.)[^\s~^:?*[\\\0]+$/;

const OPERATIONS: { file: string; name: string; way: string }[] = [
  { file: 'MERGE_HEAD', name: 'a merge', way: "finish it (git commit) or abort it (git merge --abort)" },
  { file: 'rebase-merge', name: 'a rebase', way: 'finish it (git rebase --continue) or abort it (git rebase --abort)' },
  { file: 'rebase-apply', name: 'a rebase or git am', way: 'finish or abort it' },
  { file: 'CHERRY_PICK_HEAD', name: 'a cherry-pick', way: 'finish it or abort it (git cherry-pick --abort)' },
  { file: 'REVERT_HEAD', name: 'a revert', way: 'finish it or abort it (git revert --abort)' },
];

/**
 * simple-git treats a non-zero exit as success when Git wrote nothing to
 * stderr (`git commit` with nothing to commit does that): here every
 * non-zero exit is an error, with all of Git's output as its message.
 */
function strictGit(baseDir: string): SimpleGit {
  return simpleGit({
    baseDir,
    maxConcurrentProcesses: 2,
    errors: (error, result) => (error ?? (result.exitCode === 0 ? undefined : Buffer.concat([...result.stdOut, ...result.stdErr]))),
  });
}

function gitMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}

export class WorkTreeFile {
  private constructor(
    private readonly git: SimpleGit,
    /** Top folder of the work tree. */
    readonly root: string,
    /** Absolute path of the flow file. */
    readonly file: string,
    /** The file's path from the root, with `/` separators and no leading slash: Git's pathspec. */
    readonly relativePath: string,
  ) {}

  /** The repository holding `file`, or a `no-repo` / `outside-repo` error. */
  static async open(file: string): Promise<WorkTreeFile> {
    const absolute = path.resolve(file);
    const git = strictGit(path.dirname(absolute));
    let root: string;
    try {
      root = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
    } catch {
      throw new GitError('no-repo', `${path.basename(absolute)} is not in a Git repository: GitOps keeps the flow in Git. Run 'git init' in the project (or open the flow from a clone) first.`);
    }
    // rev-parse prints the real path; the file may have been opened through a symlink.
    const realFile = await fs.realpath(absolute).catch(() => absolute);
    const realRoot = await fs.realpath(root).catch(() => root);
    const relative = path.relative(realRoot, realFile);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new GitError('outside-repo', `${absolute} is not inside the work tree at ${root}.`);
    }
    return new WorkTreeFile(strictGit(realRoot), realRoot, realFile, relative.split(path.sep).join('/'));
  }

  /** `/examples/release-development.json`: the form of `gitops.filePath`. */
  get repoPath(): string {
    return `/${this.relativePath}`;
  }

  /** The checked-out branch; a detached HEAD is refused (a commit there belongs to no branch). */
  async branch(): Promise<string> {
    const name = (await this.git.raw(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim();
    if (name !== '') return name;
    const sha = (await this.git.raw(['rev-parse', '--short', 'HEAD']).catch(() => '')).trim();
    throw new GitError(
      'detached-head',
      `HEAD is detached${sha ? ` at ${sha}` : ''}: a commit here would belong to no branch and the platform would never see it. Check out the branch the flow syncs from (git switch <branch>), then commit.`,
    );
  }

  /** Refuses while a merge, rebase, cherry-pick or revert is under way, or while any path is unmerged. */
  async assertCommittable(): Promise<void> {
    const gitDir = path.resolve(this.root, (await this.git.raw(['rev-parse', '--git-dir'])).trim());
    const unmerged = (await this.git.raw(['diff', '--name-only', '--diff-filter=U', '-z'])).split('\0').filter((f) => f !== '');
    if (unmerged.length > 0) {
      const mine = unmerged.includes(this.relativePath);
      throw new GitError(
        'conflicts',
        mine
          ? `${this.relativePath} has merge conflicts: resolve them (remove the <<<<<<< ======= >>>>>>> markers), then commit.`
          : `The repository has unresolved merge conflicts (${unmerged.slice(0, 3).join(', ')}${unmerged.length > 3 ? ', ...' : ''}): resolve them or abort the merge before committing the flow alone.`,
      );
    }
    for (const operation of OPERATIONS) {
      const exists = await fs.stat(path.join(gitDir, operation.file)).then(() => true, () => false);
      if (exists) {
        throw new GitError('operation-in-progress', `The repository is in the middle of ${operation.name}: ${operation.way}, then commit the flow.`);
      }
    }
    // check-ignore exits 1 when the path is not ignored.
    const ignored = await this.git.raw(['check-ignore', '-q', '--', this.relativePath]).then(() => true, () => false);
    const tracked = await this.isTracked();
    if (ignored && !tracked) throw new GitError('ignored', `${this.relativePath} is ignored by .gitignore: the platform can only sync a flow that is in Git. Remove the ignore rule first.`);
  }

  async isTracked(): Promise<boolean> {
    return (await this.git.raw(['ls-files', '--', this.relativePath])).trim() !== '';
  }

  /** HEAD's version of the file; undefined for a new file or a repository without commits. */
  async headText(): Promise<string | undefined> {
    const hasHead = await this.git.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).then((out) => out.trim() !== '', () => false);
    if (!hasHead) return undefined;
    const inHead = (await this.git.raw(['ls-tree', '--name-only', 'HEAD', '--', this.relativePath])).trim() !== '';
    if (!inHead) return undefined;
    return this.git.show([`HEAD:${this.relativePath}`]);
  }

  /** Commits the working tree's version of the file and nothing else. */
  async commitFile(message: string): Promise<CommitResult> {
    const branch = await this.branch();
    const before = (await this.git.raw(['rev-parse', '--verify', '-q', 'HEAD']).catch(() => '')).trim();
    // The file's index entry, to put back if the commit has to be undone.
    const indexEntry = (await this.git.raw(['ls-files', '-s', '--', this.relativePath])).trim();
    if (!(await this.isTracked())) await this.git.raw(['add', '--', this.relativePath]);
    try {
      await this.git.raw(['commit', '--only', '-m', message, '--', this.relativePath]);
    } catch (error) {
      const text = gitMessage(error);
      if (/tell me who you are|empty ident|user\.email/i.test(text)) {
        throw new GitError('no-identity', "Git does not know who you are, so it cannot make a commit: set your name and e-mail (git config --global user.name '...'; git config --global user.email '...').");
      }
      if (/nothing to commit|no changes added|nothing added/i.test(text)) throw new GitError('nothing-to-commit', `${this.relativePath} has no changes to commit.`);
      throw new GitError('git-failed', `git commit failed: ${text}`);
    }
    const sha = (await this.git.raw(['rev-parse', 'HEAD'])).trim();
    await this.assertCommittedAlone(sha, before, indexEntry);
    return { sha, branch };
  }

  /**
   * A hook may change what is committed (a pre-commit formatter running
   * `git add -u` pulls in other files): the commit must hold the file alone.
   * If it does not, it is undone with a soft reset (the work tree and the
   * other files' index entries are left as they are, so nothing is lost) and
   * the hooks that ran are named.
   */
  private async assertCommittedAlone(sha: string, before: string, indexEntry: string): Promise<void> {
    const changed = (await this.git.raw(['diff-tree', '--no-commit-id', '--name-only', '-r', '--root', '-z', sha])).split('\0').filter((p) => p !== '');
    const others = changed.filter((p) => p !== this.relativePath);
    if (others.length === 0) return;
    if (before === '') await this.git.raw(['update-ref', '-d', 'HEAD']);
    else await this.git.raw(['reset', '--soft', '-q', before]);
    const entry = /^(\d+) ([0-9a-f]+) \d+\t/.exec(indexEntry);
    if (entry) await this.git.raw(['update-index', '--cacheinfo', `${entry[1]},${entry[2]},${this.relativePath}`]);
    else await this.git.raw(['rm', '-q', '--cached', '--', this.relativePath]).catch(() => undefined);
    const hooks = await this.commitHooks();
    const shown = others.slice(0, 5).join(', ') + (others.length > 5 ? ` and ${others.length - 5} more` : '');
    throw new GitError(
      'git-failed',
      `A Git hook put other files into the commit (${shown}), so it was undone (git reset --soft; nothing is lost: your files and what was staged are as they were). ` +
        `${hooks.length > 0 ? `Hook${hooks.length === 1 ? '' : 's'} that ran: ${hooks.join(', ')}.` : 'No hook file was found; check core.hooksPath.'} ` +
        `Make ${hooks.length === 1 ? 'it' : 'them'} leave the commit's files alone (no \`git add\`), or commit with them disabled.`,
    );
  }

  /** The commit hooks that exist and are executable, as paths from the work tree's root. */
  private async commitHooks(): Promise<string[]> {
    const folder = path.resolve(this.root, (await this.git.raw(['rev-parse', '--git-path', 'hooks'])).trim());
    const found: string[] = [];
    for (const name of ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit']) {
      const file = path.join(folder, name);
      const executable = await fs.access(file, fsConstants.X_OK).then(() => true, () => false);
      if (executable) found.push(path.relative(this.root, file).split(path.sep).join('/') || file);
    }
    return found;
  }

  /** Where a push would go: the remote whose URL is `repoUrl`, else the branch's upstream remote, else `origin` or the only remote. */
  async pushTarget(branch: string, repoUrl: string | undefined): Promise<PushTarget> {
    if (!SAFE_NAME.test(branch)) throw new GitError('bad-name', `'${branch}' is not a branch name Git accepts.`);
    const remotes = (await this.git.getRemotes(true)).map((r) => ({ name: r.name, url: r.refs.push || r.refs.fetch }));
    if (remotes.length === 0) throw new GitError('no-remote', 'The repository has no remote to push to: add one (git remote add origin <url>) or commit without pushing.');
    const pick = (name: string, reason: string): PushTarget => ({ remote: name, url: remotes.find((r) => r.name === name)?.url ?? '', branch, reason });
    if (repoUrl !== undefined) {
      const match = remotes.find((r) => compareRepoUrls(r.url, repoUrl).same);
      if (match) return pick(match.name, `its URL is the flow's gitops.repoUrl`);
    }
    const current = (await this.git.raw(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim();
    const upstream = current === '' ? '' : (await this.git.raw(['config', '--get', `branch.${current}.remote`]).catch(() => '')).trim();
    if (upstream !== '' && remotes.some((r) => r.name === upstream)) return pick(upstream, `it is the upstream of branch '${current}'`);
    if (remotes.some((r) => r.name === 'origin')) return pick('origin', 'it is the default remote');
    if (remotes.length === 1) return pick((remotes[0] as { name: string }).name, 'it is the only remote');
    throw new GitError('no-remote', `None of the remotes (${remotes.map((r) => r.name).join(', ')}) is the flow's gitops.repoUrl, and none is 'origin': push by hand.`);
  }

  /** `git push <remote> HEAD:refs/heads/<branch>`, never forced: a remote that moved on is reported. */
  async push(target: PushTarget): Promise<PushResult> {
    if (!SAFE_NAME.test(target.remote) || !SAFE_NAME.test(target.branch)) throw new GitError('bad-name', `Refusing to push to '${target.remote}' '${target.branch}': not a plain remote and branch name.`);
    let summary: string;
    try {
      const result = await this.git.push(target.remote, `HEAD:refs/heads/${target.branch}`);
      const hash = result.update?.hash;
      summary = hash ? `${hash.from.slice(0, 7)}..${hash.to.slice(0, 7)}` : result.pushed.some((p) => p.alreadyUpdated) ? 'already up to date' : 'new branch';
    } catch (error) {
      const text = gitMessage(error);
      if (/\[rejected\]|non-fast-forward|fetch first|updates were rejected/i.test(text)) {
        throw new GitError(
          'push-rejected',
          `${target.remote}/${target.branch} has commits that are not in your branch, so the push was rejected (it is never forced). Pull or rebase onto ${target.remote}/${target.branch}, then push again.`,
        );
      }
      throw new GitError('git-failed', `git push to ${target.remote} failed: ${text}`);
    }
    return { ...target, summary };
  }
}
