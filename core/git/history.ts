/**
 * The Git events a trigger reacts to, read from the real local history with
 * simple-git (which runs the `git` binary, never a shell):
 *
 * - a push `A..B`: the commits `git rev-list A..B`, the files `git diff A B`
 *   (renames count as a deletion plus an addition: both paths changed);
 * - a push by default: the commits of the branch not yet on its upstream (or
 *   on `<remote>/<branch>`); when nothing is ahead, the last commit alone;
 * - a new branch (not on the remote yet): its changes against the merge base
 *   with the default branch, as a pull request would count them;
 * - a pull request: head and base branches, the head commit, and the
 *   three-dot diff `base...head`;
 * - a tag push: the tag's commit (triggers match branches, so it never fires).
 *
 * On a detached HEAD a push has no branch: the caller must say which branch
 * the commits are pushed to (`branch`), or get a `detached-head` error.
 */
import * as path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { GitError, openRepository } from './repository';
import { closestName, didYouMean } from '../text/suggest';
import type { EventCommit, PullRequestEvent, PushEvent, Remote, TagEvent } from './events';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** A revision we pass to Git: never something Git could read as an option. */
const SAFE_REV = /^[^-\s][^\s]*$/;

export interface PushOptions {
  /** `A..B`, or a single commit-ish (that commit alone). */
  range?: string;
  /** The branch the commits are pushed to (default: B when it is a branch, else the checked-out branch). */
  branch?: string;
}

export interface PullRequestOptions {
  head: string;
  /** Default: the repository's default branch. */
  base?: string;
  draft?: boolean;
  pullRequestId?: number;
}

export class GitHistory {
  private readonly git: SimpleGit;
  readonly root: () => Promise<string>;

  constructor(directory: string) {
    ({ git: this.git, root: this.root } = openRepository(
      directory,
      "triggers are evaluated against the repository's history. Run 'git init' and commit first.",
    ));
  }

  /** The folders to watch for ref changes: the work tree's Git dir and the common dir (they differ in linked worktrees). */
  async gitDirs(): Promise<{ gitDir: string; commonDir: string }> {
    const root = await this.root();
    const gitDir = (await this.git.raw(['rev-parse', '--absolute-git-dir'])).trim();
    const common = (await this.git.raw(['rev-parse', '--git-common-dir'])).trim();
    return { gitDir, commonDir: path.resolve(root, common) };
  }

  async remotes(): Promise<Remote[]> {
    await this.root();
    const out = (await this.tryRaw(['config', '--get-regexp', '^remote\\..*\\.(url|pushurl)$'])) ?? '';
    const seen = new Set<string>();
    const remotes: Remote[] = [];
    for (const line of out.split('\n')) {
      const match = /^remote\.(.+)\.(?:url|pushurl) (.+)$/.exec(line.trim());
      if (!match || seen.has(`${match[1]}\0${match[2]}`)) continue;
      seen.add(`${match[1]}\0${match[2]}`);
      remotes.push({ name: match[1] as string, url: match[2] as string });
    }
    return remotes;
  }

  /** The checked-out commit and branch (undefined on a detached HEAD). */
  async head(): Promise<{ sha: string; branch: string | undefined }> {
    const root = await this.root();
    const sha = await this.resolve('HEAD');
    if (sha === undefined) throw new GitError('no-commits', `The repository at ${root} has no commits yet: commit first, then evaluate triggers.`);
    const branch = ((await this.tryRaw(['symbolic-ref', '--short', '-q', 'HEAD'])) ?? '').trim();
    return { sha, branch: branch === '' ? undefined : branch };
  }

  /** Local branches, and the checked-out one (undefined on a detached HEAD). */
  async localBranches(): Promise<{ current: string | undefined; all: string[] }> {
    await this.root();
    const summary = await this.git.branchLocal();
    return { current: summary.current && !summary.detached ? summary.current : undefined, all: summary.all };
  }

  /** The remote's default branch (`<remote>/HEAD`), else init.defaultBranch, else main or master when it exists. */
  async defaultBranch(): Promise<string | undefined> {
    await this.root();
    for (const remote of await this.remoteNames()) {
      const out = ((await this.tryRaw(['symbolic-ref', '--short', '-q', `refs/remotes/${remote}/HEAD`])) ?? '').trim();
      if (out.startsWith(`${remote}/`)) return out.slice(remote.length + 1);
    }
    const configured = ((await this.tryRaw(['config', '--get', 'init.defaultBranch'])) ?? '').trim();
    for (const name of [configured, 'main', 'master']) {
      if (name !== '' && (await this.branchTipOrUndefined(name))) return name;
    }
    return undefined;
  }

  async pushEvent(options: PushOptions = {}): Promise<PushEvent> {
    if (options.range !== undefined) return this.explicitPush(options.range, options.branch);
    const head = await this.head();
    const branch = options.branch ?? head.branch;
    if (branch === undefined) {
      throw new GitError('detached-head', `HEAD is detached at ${head.sha.slice(0, 7)}, so a push has no branch: check out a branch, or say which branch the commits go to (--push A..B --branch NAME).`);
    }
    const tip = options.branch === undefined ? { sha: head.sha, ref: 'HEAD' } : await this.branchTip(branch);
    const upstream = await this.upstreamOf(branch);
    if (upstream) {
      const ahead = await this.commits(`${upstream.sha}..${tip.sha}`);
      if (ahead.length > 0) {
        const base = (await this.mergeBase(upstream.sha, tip.sha)) ?? upstream.sha;
        const diverged = base !== upstream.sha ? ` (the branch has diverged from ${upstream.name}: files are counted from their merge base)` : '';
        return this.push(branch, upstream.sha, tip.sha, ahead, await this.changedFiles(base, tip.sha), `Range: the ${ahead.length} commit${ahead.length === 1 ? '' : 's'} not yet on ${upstream.name}${diverged}.`);
      }
      return this.lastCommit(branch, tip.sha, `Range: nothing is ahead of ${upstream.name}, so the last commit stands for the push.`);
    }
    const defaultBranch = await this.defaultBranch();
    if (defaultBranch !== undefined && defaultBranch !== branch) {
      const base = await this.branchTipOrUndefined(defaultBranch);
      if (base) {
        const mergeBase = await this.mergeBase(base.sha, tip.sha);
        const commits = await this.commits(`${base.sha}..${tip.sha}`);
        const files = mergeBase ? await this.changedFiles(mergeBase, tip.sha) : await this.treeFiles(tip.sha);
        const event = this.push(branch, mergeBase, tip.sha, commits, files, `Range: '${branch}' is not on any remote yet: a new branch, counted against its merge base with '${defaultBranch}' (${base.ref}).`);
        event.newBranch = { baseBranch: defaultBranch, mergeBase };
        return event;
      }
    }
    return this.lastCommit(branch, tip.sha, `Range: '${branch}' has no upstream${defaultBranch === branch ? ' and is the default branch' : ''}, so the last commit stands for the push.`);
  }

  async pullRequestEvent(options: PullRequestOptions): Promise<PullRequestEvent> {
    const head = await this.branchTip(options.head);
    const baseName = options.base ?? (await this.defaultBranch());
    if (baseName === undefined) throw new GitError('unknown-branch', `The repository has no default branch to merge '${options.head}' into (no <remote>/HEAD, main or master): say which with --base BRANCH.`);
    if (baseName === options.head) throw new GitError('unknown-branch', `A pull request merges one branch into another: '${options.head}' cannot be both head and base.`);
    const base = await this.branchTip(baseName);
    const mergeBase = await this.mergeBase(base.sha, head.sha);
    if (mergeBase === undefined) throw new GitError('unknown-commit', `'${options.head}' and '${baseName}' share no history, so no pull request can be opened between them.`);
    const [headCommit] = await this.commits(head.sha, 1);
    return {
      type: 'pull-request', head: options.head, base: baseName, draft: options.draft === true, pullRequestId: options.pullRequestId,
      headCommit: headCommit as EventCommit, changedFiles: await this.changedFiles(mergeBase, head.sha), mergeBase,
      origin: `Changes: ${baseName}...${options.head} (three-dot: since ${mergeBase.slice(0, 7)}, where '${options.head}' forked from '${baseName}').`,
    };
  }

  async tagEvent(tag: string): Promise<TagEvent> {
    await this.head();
    const sha = SAFE_REV.test(tag) ? await this.resolve(`refs/tags/${tag}`) : undefined;
    if (sha === undefined) {
      const tags = (((await this.tryRaw(['tag', '--list'])) ?? '').split('\n')).filter((t) => t !== '');
      throw new GitError('unknown-commit', `There is no tag '${tag}'.${didYouMean(closestName(tag, tags))} Tags: ${tags.join(', ') || 'none'}.`);
    }
    return { type: 'tag', tag, sha, origin: '' };
  }

  /** Full sha of a commit-ish, or undefined when it names no commit. */
  async resolve(rev: string): Promise<string | undefined> {
    if (!SAFE_REV.test(rev)) return undefined;
    const sha = ((await this.tryRaw(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])) ?? '').trim();
    return SHA.test(sha) ? sha : undefined;
  }

  /** Commits of `range` (a rev-list argument), newest first, with full messages. */
  async commits(range: string, limit?: number): Promise<EventCommit[]> {
    const args = ['log', '--format=%H%x00%B%x1e'];
    if (limit !== undefined) args.push(`-${limit}`);
    const out = await this.git.raw([...args, range, '--']);
    return out
      .split('\x1e')
      .map((chunk) => chunk.replace(/^\n/, ''))
      .filter((chunk) => chunk.includes('\0'))
      .map((chunk) => {
        const nul = chunk.indexOf('\0');
        return { sha: chunk.slice(0, nul), message: chunk.slice(nul + 1).replace(/\n+$/, '') };
      });
  }

  async changedFiles(from: string, to: string): Promise<string[]> {
    return splitZ(await this.git.raw(['diff', '--name-only', '--no-renames', '-z', from, to, '--']));
  }

  private async explicitPush(range: string, branchOption: string | undefined): Promise<PushEvent> {
    await this.head();
    const parts = range.split('..');
    if (range.includes('...') || parts.length > 2 || parts[0] === '') {
      throw new GitError('unknown-commit', `'${range}' is not a push range: write A..B (the commits B adds to A) or a single commit.`);
    }
    const toRev = parts.length === 2 && parts[1] !== '' ? (parts[1] as string) : parts.length === 2 ? 'HEAD' : (parts[0] as string);
    const to = await this.mustResolve(toRev);
    const branch = branchOption ?? (await this.branchOf(toRev, to));
    if (parts.length === 1) return this.lastCommit(branch, to, `Range: commit ${to.slice(0, 7)} alone.`);
    const from = await this.mustResolve(parts[0] as string);
    const commits = await this.commits(`${from}..${to}`);
    return this.push(branch, from, to, commits, await this.changedFiles(from, to), `Range: ${range} (${commits.length} commit${commits.length === 1 ? '' : 's'}).`);
  }

  /** The branch a pushed revision belongs to: itself when it is a branch, else the checked-out branch when it is HEAD's commit. */
  private async branchOf(rev: string, sha: string): Promise<string> {
    if (rev !== 'HEAD' && (await this.resolve(`refs/heads/${rev}`)) === sha) return rev;
    for (const remote of await this.remoteNames()) {
      if (rev.startsWith(`${remote}/`) && (await this.resolve(`refs/remotes/${rev}`)) === sha) return rev.slice(remote.length + 1);
    }
    const head = await this.head();
    if (head.branch !== undefined && head.sha === sha) return head.branch;
    throw new GitError('detached-head', `'${rev}' is a commit, not a branch${head.branch === undefined ? ' (and HEAD is detached)' : ''}: say which branch the commits are pushed to with --branch NAME.`);
  }

  private async lastCommit(branch: string, sha: string, origin: string): Promise<PushEvent> {
    const [commit] = await this.commits(sha, 1);
    const parent = await this.resolve(`${sha}^`);
    const files = parent ? await this.changedFiles(parent, sha) : await this.treeFiles(sha);
    return this.push(branch, parent, sha, commit ? [commit] : [], files, origin);
  }

  private push(branch: string, from: string | undefined, to: string, commits: EventCommit[], changedFiles: string[], origin: string): PushEvent {
    return { type: 'push', branch, from, to, commits, changedFiles, origin };
  }

  /** Every file of a commit: what a root commit changes. */
  private async treeFiles(sha: string): Promise<string[]> {
    return splitZ(await this.git.raw(['ls-tree', '-r', '--name-only', '-z', sha]));
  }

  private async mustResolve(rev: string): Promise<string> {
    const sha = await this.resolve(rev);
    if (sha === undefined) throw new GitError('unknown-commit', `'${rev}' is not a branch, tag or commit of this repository.`);
    return sha;
  }

  private async mergeBase(a: string, b: string): Promise<string | undefined> {
    const out = ((await this.tryRaw(['merge-base', a, b])) ?? '').trim();
    return SHA.test(out) ? out : undefined;
  }

  private async remoteNames(): Promise<string[]> {
    const names = ((await this.tryRaw(['remote'])) ?? '').split('\n').filter((n) => n !== '');
    // origin first: it is the usual upstream and the usual default-branch source.
    return names.sort((a, b) => (a === 'origin' ? -1 : b === 'origin' ? 1 : a.localeCompare(b)));
  }

  /** The branch's upstream, or `<remote>/<branch>` when it exists without being configured. */
  private async upstreamOf(branch: string): Promise<{ name: string; sha: string } | undefined> {
    if (!SAFE_REV.test(branch)) return undefined;
    const name = ((await this.tryRaw(['rev-parse', '--abbrev-ref', '--symbolic-full-name', `${branch}@{upstream}`])) ?? '').trim();
    if (name !== '') {
      const sha = await this.resolve(name);
      if (sha) return { name, sha };
    }
    for (const remote of await this.remoteNames()) {
      const sha = await this.resolve(`refs/remotes/${remote}/${branch}`);
      if (sha) return { name: `${remote}/${branch}`, sha };
    }
    return undefined;
  }

  private async branchTipOrUndefined(branch: string): Promise<{ sha: string; ref: string } | undefined> {
    if (!SAFE_REV.test(branch)) return undefined;
    const candidates = [`refs/heads/${branch}`, ...(await this.remoteNames()).map((r) => `refs/remotes/${r}/${branch}`)];
    for (const ref of candidates) {
      const sha = await this.resolve(ref);
      if (sha) return { sha, ref: ref.replace(/^refs\/(heads|remotes)\//, '') };
    }
    return undefined;
  }

  private async branchTip(branch: string): Promise<{ sha: string; ref: string }> {
    await this.head();
    const tip = await this.branchTipOrUndefined(branch);
    if (tip) return tip;
    const out = (await this.tryRaw(['for-each-ref', '--format=%(refname:short)', 'refs/heads', 'refs/remotes'])) ?? '';
    const branches = out.split('\n').filter((b) => b !== '' && !b.endsWith('/HEAD') && b !== 'origin');
    const remotes = await this.remoteNames();
    // Suggest branch names as they are typed: without the remote's prefix.
    const names = new Set(branches.map((b) => remotes.find((r) => b.startsWith(`${r}/`)) ? b.slice(b.indexOf('/') + 1) : b));
    throw new GitError('unknown-branch', `There is no branch '${branch}' (locally or on a remote).${didYouMean(closestName(branch, names))} Branches: ${branches.join(', ') || 'none'}.`);
  }

  private async tryRaw(args: string[]): Promise<string | undefined> {
    try {
      return await this.git.raw(args);
    } catch {
      return undefined;
    }
  }
}

function splitZ(out: string): string[] {
  return out.split('\0').filter((f) => f !== '');
}
