/**
 * Path rules of a Git trigger (`pathIgnoreRules`, `isAllowList`), in
 * .gitignore syntax as the platform documents them (build-guide-2026.md,
 * "Path rules syntax"). The `ignore` package follows Git's own matching (the
 * golden tests compare it with `git check-ignore` rule by rule), and reports
 * the rule that decided, as `git check-ignore -v` does.
 *
 * - Ignore list: a push counts only if some changed file is not ignored.
 * - Allow list (`isAllowList: true`): only if some changed file matches.
 * - No rules (absent or empty, whatever `isAllowList` says): every push counts,
 *   even one that changes no file; an empty allow list would otherwise make
 *   the trigger fire never, which is not what leaving the rules out means.
 *
 * Matching is case-sensitive, as Git is on Linux (core.ignoreCase false).
 *
 * Each entry of `pathIgnoreRules` is one line of a .gitignore file: its index
 * is its line (1-based line = index + 1).
 */
import ignore, { type Ignore } from 'ignore';

export type PathRuleMode = 'none' | 'ignore' | 'allow';

export interface PathRuleRef {
  /** Index in `pathIgnoreRules`. */
  index: number;
  pattern: string;
  negative: boolean;
}

export interface FileVerdict {
  file: string;
  /** True when this file makes the push count. */
  kept: boolean;
  /** The rule that decided, when one did (the last matching one, as in Git). */
  rule?: PathRuleRef;
  /** Why, in words: `ignored by rule 2 '*.md'`. */
  reason: string;
}

export interface PathRulesResult {
  mode: PathRuleMode;
  /** True when the changed files make the push count for this trigger. */
  counts: boolean;
  files: FileVerdict[];
  kept: number;
  /** Rules that probably do not do what their author meant. */
  warnings: string[];
}

/** Compiled rules, reusable across events. */
export class PathRules {
  readonly mode: PathRuleMode;
  readonly warnings: string[] = [];
  private readonly matcher: Ignore;
  /** One matcher per negative rule (without its `!`), to name the rule that re-included a file. */
  private readonly negatives: { ref: PathRuleRef; matcher: Ignore }[] = [];
  /**
   * All of them in one matcher: a quick "no negative rule matches" for most
   * files. It cannot name the rule (a parent directory's match hides the
   * file's own), so a hit is resolved rule by rule.
   */
  private readonly anyNegative: Ignore = ignore({ ignorecase: false });

  constructor(
    readonly rules: readonly string[],
    isAllowList: boolean,
  ) {
    this.mode = rules.length === 0 ? 'none' : isAllowList ? 'allow' : 'ignore';
    this.matcher = ignore({ ignorecase: false }).add(rules.map((pattern, index) => ({ pattern, mark: String(index) })));
    rules.forEach((pattern, index) => {
      const line = `rule ${index + 1} '${pattern}'`;
      if (/\s#/.test(pattern) && !pattern.startsWith('#')) {
        this.warnings.push(`${line} has a trailing comment: .gitignore syntax has none, so it only matches a file named literally like that. Keep the path alone.`);
      } else if (pattern.startsWith('#')) {
        this.warnings.push(`${line} starts with '#': it is a comment and matches nothing (write '\\#' for a file name starting with '#').`);
      } else if (pattern.trim() === '') {
        this.warnings.push(`rule ${index + 1} is blank and matches nothing.`);
      }
      // `!!x` un-negated is itself negative: alone it matches nothing, so it is left out.
      if (pattern.startsWith('!') && pattern.length > 1 && pattern[1] !== '!') {
        this.negatives.push({ ref: { index, pattern, negative: true }, matcher: ignore({ ignorecase: false }).add(pattern.slice(1)) });
        this.anyNegative.add(pattern.slice(1));
      }
    });
  }

  /** The verdict on one changed file (a path relative to the repository root, `/` separated). */
  judge(file: string): FileVerdict {
    if (this.mode === 'none') return { file, kept: true, reason: 'no path rules' };
    const relative = file.replace(/^\/+/, '');
    if (!ignore.isPathValid(relative)) {
      return { file, kept: this.mode === 'ignore', reason: `not a path the rules can match (${this.mode === 'ignore' ? 'kept' : 'not matched'})` };
    }
    const test = this.matcher.test(relative);
    if (test.ignored && test.rule) {
      const rule: PathRuleRef = { index: Number(test.rule.mark), pattern: test.rule.pattern, negative: false };
      const by = `rule ${rule.index + 1} '${rule.pattern}'${this.blockedNegative(relative, rule.index)}`;
      return this.mode === 'ignore' ? { file, kept: false, rule, reason: `ignored by ${by}` } : { file, kept: true, rule, reason: `matches ${by}` };
    }
    const negative = test.unignored ? this.reincludedBy(relative) : undefined;
    if (negative) {
      const by = `rule ${negative.index + 1} '${negative.pattern}'`;
      return this.mode === 'ignore' ? { file, kept: true, rule: negative, reason: `re-included by ${by}` } : { file, kept: false, rule: negative, reason: `excluded by ${by}` };
    }
    return this.mode === 'ignore' ? { file, kept: true, reason: 'no rule ignores it' } : { file, kept: false, reason: 'no rule matches it' };
  }

  /** Judges every changed file; `counts` says whether the push counts for the trigger. */
  evaluate(files: readonly string[]): PathRulesResult {
    const verdicts = files.map((file) => this.judge(file));
    const kept = verdicts.reduce((n, v) => n + (v.kept ? 1 : 0), 0);
    return { mode: this.mode, counts: this.mode === 'none' || kept > 0, files: verdicts, kept, warnings: this.warnings };
  }

  /**
   * A later negative rule that matches the file but cannot re-include it,
   * because a parent directory is excluded (Git does not look inside excluded
   * directories): the commonest surprise of .gitignore syntax, so it is said.
   */
  private blockedNegative(file: string, decidingRule: number): string {
    const blocked = this.reincludedBy(file);
    if (!blocked || blocked.index < decidingRule) return '';
    return `; rule ${blocked.index + 1} '${blocked.pattern}' cannot re-include it because its parent directory is excluded (write 'dir/**' rather than 'dir/' to allow exceptions)`;
  }

  /** The last negative rule matching the file: the one Git reports for it. */
  private reincludedBy(file: string): PathRuleRef | undefined {
    if (this.negatives.length === 0 || !this.anyNegative.ignores(file)) return undefined;
    for (let i = this.negatives.length - 1; i >= 0; i--) {
      const negative = this.negatives[i] as (typeof this.negatives)[number];
      if (negative.matcher.ignores(file)) return negative.ref;
    }
    return undefined;
  }
}

export function evaluatePathRules(rules: readonly string[], isAllowList: boolean, files: readonly string[]): PathRulesResult {
  return new PathRules(rules, isAllowList).evaluate(files);
}
