/**
 * Branch and pull-request rules (`branchRestrictions`, `prRestrictions`),
 * matched against branch names, as the platform documents them
 * (build-guide-2026.md, "Build specific branches or pull requests"):
 *
 *   `*`            every branch, `feature/x/y` included
 *   `master`       only the branch called master
 *   `feature/*`    every branch starting with `feature/`, however deep
 *   `release-*`    every branch starting with `release-`
 *
 * So `*` is the only wildcard and it crosses `/`: the docs promise that `*`
 * builds *every* branch, and branch names are routinely nested
 * (`feature/team/x`). Every other character is literal, including the ones the
 * API's pattern allows that a glob library would read as syntax (`!`, `(`,
 * `)`, `+`, `#`...): they are legal in branch names, and a rule `fix(ui)` is
 * meant to watch the branch `fix(ui)`. Matching is case-sensitive, as Git's
 * branch names are. An empty rule matches nothing.
 *
 * picomatch does the matching (`bash: true` makes a single `*` a globstar);
 * compiled matchers are cached because a rule is tested against many branches.
 */
import picomatch from 'picomatch';

const cache = new Map<string, (branch: string) => boolean>();
const CACHE_LIMIT = 1000;

/** Backslash-escapes everything but `*`, so picomatch sees only the one wildcard. */
function literalExceptStar(rule: string): string {
  return rule.replace(/[^*A-Za-z0-9/_-]/g, (c) => `\\${c}`);
}

function compile(rule: string): (branch: string) => boolean {
  const cached = cache.get(rule);
  if (cached) return cached;
  const matcher = picomatch(literalExceptStar(rule), { bash: true, dot: true });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(rule, matcher);
  return matcher;
}

/** True when the branch or PR rule `rule` covers the branch named `branch`. */
export function matchBranchRule(rule: string, branch: string): boolean {
  if (rule === '' || branch === '') return false;
  if (rule === '*') return true;
  return compile(rule)(branch);
}

/** Index of the first rule of `rules` that covers `branch`, or -1. */
export function firstMatchingRule(rules: readonly string[], branch: string): number {
  return rules.findIndex((rule) => matchBranchRule(rule, branch));
}
