/**
 * Git events: what a trigger reacts to, read from real history by history.ts
 * (or built by hand in tests and by the webhook). Every event carries what
 * the platform's trigger evaluation looks at and nothing else.
 */

export interface EventCommit {
  sha: string;
  /** The full message: subject and body. */
  message: string;
}

/** Commits pushed to a branch. */
export interface PushEvent {
  type: 'push';
  branch: string;
  /** The commit the branch pointed at before the push; undefined for a new branch's root or the first commit. */
  from: string | undefined;
  /** The commit the branch points at after the push. */
  to: string;
  /** The pushed commits, newest first. */
  commits: EventCommit[];
  /** Files changed between `from` (or the merge base, for a new branch) and `to`. */
  changedFiles: string[];
  /** A branch the remote does not have yet: its changes are counted against the merge base with `baseBranch`. */
  newBranch?: { baseBranch: string; mergeBase: string | undefined };
  /** How the range was chosen, in words, for the explanation. */
  origin: string;
}

/** A pull request opened, or updated by a push to its head branch. */
export interface PullRequestEvent {
  type: 'pull-request';
  head: string;
  base: string;
  draft: boolean;
  /** The simulated PR's number, when one was given. */
  pullRequestId: number | undefined;
  headCommit: EventCommit;
  /** Three-dot diff: changes on `head` since it forked from `base`. */
  changedFiles: string[];
  mergeBase: string;
  origin: string;
}

/** A tag pushed. Git triggers match branch names, so a tag push never fires one; it is evaluated to say so. */
export interface TagEvent {
  type: 'tag';
  tag: string;
  sha: string;
  origin: string;
}

export type GitEvent = PushEvent | PullRequestEvent | TagEvent;

/** A remote of the repository, with its fetch (or push) URL. */
export interface Remote {
  name: string;
  url: string;
}

/** One line naming the event, for headers and logs. */
export function describeEvent(event: GitEvent): string {
  switch (event.type) {
    case 'push': {
      const count = `${event.commits.length} commit${event.commits.length === 1 ? '' : 's'}`;
      const range = event.from ? `${event.from.slice(0, 7)}..${event.to.slice(0, 7)}` : event.to.slice(0, 7);
      return `push of ${count} to ${event.newBranch ? 'new ' : ''}branch '${event.branch}' (${range}, ${event.changedFiles.length} changed file${event.changedFiles.length === 1 ? '' : 's'})`;
    }
    case 'pull-request':
      return `${event.draft ? 'draft ' : ''}pull request${event.pullRequestId !== undefined ? ` #${event.pullRequestId}` : ''} '${event.head}' into '${event.base}' (head ${event.headCommit.sha.slice(0, 7)}, ${event.changedFiles.length} changed file${event.changedFiles.length === 1 ? '' : 's'})`;
    case 'tag':
      return `push of tag '${event.tag}' (${event.sha.slice(0, 7)})`;
  }
}
