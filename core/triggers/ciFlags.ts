/**
 * Commit-message ignore flags (`ciIgnoreFlags`, `ciIgnoreFlagsEnabled`), as
 * build-guide-2026.md ("Skip CI with commit messages") describes them:
 *
 * - checked only when `ciIgnoreFlagsEnabled` is true;
 * - when enabled without `ciIgnoreFlags`, the platform's default flags apply;
 *   an explicit empty list means no flag;
 * - a push is skipped if any of its commits carries a flag, a pull request if
 *   its head commit does.
 *
 * A message "contains" a flag: the whole message (subject and body) is
 * searched, ignoring case, so `[Skip CI]` skips like `[skip ci]` does. Flags
 * are plain strings, not patterns; blank flags are ignored (they would match
 * every message).
 */

export const DEFAULT_CI_IGNORE_FLAGS: readonly string[] = ['[skip ci]', '[ci skip]', '[no ci]', '[skip nf]', '[nf skip]', '[northflank skip]', '[skip northflank]'];

export interface FlagHit {
  sha: string;
  /** First line of the commit message. */
  subject: string;
  flag: string;
}

export interface CiFlagsResult {
  enabled: boolean;
  /** The flags checked, and whether they are the platform's defaults. */
  flags: readonly string[];
  defaults: boolean;
  /** Commits whose message carries a flag (one entry per commit, its first flag). */
  hits: FlagHit[];
  /** True when the event is skipped because of a flag. */
  skipped: boolean;
}

export interface CommitMessage {
  sha: string;
  message: string;
}

export function effectiveFlags(flags: readonly string[] | undefined): { flags: readonly string[]; defaults: boolean } {
  if (flags === undefined) return { flags: DEFAULT_CI_IGNORE_FLAGS, defaults: true };
  return { flags: flags.filter((f) => f.trim() !== ''), defaults: false };
}

/** The first flag `message` carries, if any. */
export function flagIn(message: string, flags: readonly string[]): string | undefined {
  const lower = message.toLowerCase();
  return flags.find((flag) => lower.includes(flag.toLowerCase()));
}

/** Checks `commits` (all the pushed commits, or a PR's head commit alone). */
export function checkCiFlags(enabled: boolean, configured: readonly string[] | undefined, commits: readonly CommitMessage[]): CiFlagsResult {
  const { flags, defaults } = effectiveFlags(configured);
  const hits: FlagHit[] = [];
  if (enabled) {
    for (const commit of commits) {
      const flag = flagIn(commit.message, flags);
      if (flag !== undefined) hits.push({ sha: commit.sha, subject: commit.message.split('\n', 1)[0] ?? '', flag });
    }
  }
  return { enabled, flags, defaults, hits, skipped: hits.length > 0 };
}
