import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluatePathRules, PathRules } from '../../core/triggers/pathRules';

/** Rule sets of the golden table: each is checked against every file of FILES by Git itself. */
const RULE_SETS: string[][] = [
  ['*.md', '!docs/*.md', 'docs/internal/'],
  ['build/', '!build/keep.txt', '/root.txt', '**/bar', 'a/**/b'],
  ['node_modules/', 'dist', '*.log', '!important.log', 'README.md   # all README files'],
  ['/src/*', '!/src/app/', 'src/app/tmp/'],
  ['*', '!*/', '!*.ts'],
  ['foo\\#bar', '\\!x', '[ab].txt', '?.c', 'dir/**', '**/*.min.js', 'Case.TXT', '# a comment', ''],
  ['docs', '!docs/keep.md', 'deep/*/x.txt', '*.json', '!package.json', 'trailing/ '],
];

const FILES = [
  'README.md', 'docs/a.md', 'docs/internal/b.md', 'docs/x/c.md', 'docs/keep.md', 'src/main.ts', 'src/app/a.ts', 'src/app/tmp/t.ts', 'src/lib/l.ts',
  'build/a.js', 'build/keep.txt', 'x/build/y.js', 'root.txt', 'sub/root.txt', 'bar/x', 'q/bar/z', 'a/b', 'a/x/y/b', 'a/bb',
  'node_modules/m/index.js', 'web/node_modules/n.js', 'dist', 'dist/app.js', 'debug.log', 'important.log', 'logs/important.log',
  'foo#bar', '!x', 'a.txt', 'c.txt', 'x.c', 'xy.c', 'dir/f', 'dir/g/h', 'app.min.js', 'lib/vendor.min.js', 'Case.TXT', 'case.txt',
  'deep/one/x.txt', 'deep/one/two/x.txt', 'package.json', 'config/app.json', 'trailing/file', 'name with space.txt', 'ünïcode/é.md',
];

interface GitVerdict {
  /** 1-based line of the last matching rule, when one matched. */
  line: number | undefined;
  negative: boolean;
}

/** `git check-ignore --no-index -v -n` over FILES with `rules` as the only exclude file. */
function gitVerdicts(repo: string, rules: string[]): Map<string, GitVerdict> {
  const rulesFile = path.join(repo, '.git', 'rules');
  execFileSync('sh', ['-c', 'cat > "$1"', 'sh', rulesFile], { input: rules.join('\n') + '\n' });
  let out: string;
  try {
    out = execFileSync('git', ['-c', `core.excludesFile=${rulesFile}`, '-c', 'core.ignoreCase=false', 'check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'], {
      cwd: repo, input: FILES.join('\0') + '\0', encoding: 'utf8',
    });
  } catch (error) {
    // Exit 1 means "nothing ignored": the output is still complete.
    out = String((error as { stdout?: string }).stdout ?? '');
  }
  const fields = out.split('\0');
  const result = new Map<string, GitVerdict>();
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [, line, pattern, file] = fields.slice(i, i + 4) as [string, string, string, string];
    result.set(file, { line: line === '' ? undefined : Number(line), negative: pattern.startsWith('!') });
  }
  return result;
}

describe('triggers: path rules', () => {
  let repo: string;
  before(async () => {
    repo = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-paths-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
  });
  after(async () => fs.rm(repo, { recursive: true, force: true }));

  RULE_SETS.forEach((rules, set) => {
    it(`golden: rule set ${set + 1} gives git check-ignore's verdict and rule for every file`, () => {
      const expected = gitVerdicts(repo, rules);
      assert.equal(expected.size, FILES.length, 'git reported every file');
      const compiled = new PathRules(rules, false);
      const mismatches: string[] = [];
      for (const file of FILES) {
        const git = expected.get(file) as GitVerdict;
        const ours = compiled.judge(file);
        const gitIgnored = git.line !== undefined && !git.negative;
        if (ours.kept === gitIgnored) mismatches.push(`${file}: git ${gitIgnored ? 'ignores' : 'keeps'} it, we ${ours.kept ? 'keep' : 'ignore'} it (${ours.reason})`);
        const ourLine = ours.rule ? ours.rule.index + 1 : undefined;
        if (ourLine !== git.line) mismatches.push(`${file}: git names rule line ${git.line ?? 'none'}, we name ${ourLine ?? 'none'}`);
      }
      assert.deepEqual(mismatches, []);
    });
  });

  it('an ignore list counts a push when some changed file is not ignored', () => {
    const some = evaluatePathRules(['*.md', 'docs/'], false, ['README.md', 'docs/x.txt', 'src/a.ts']);
    assert.equal(some.counts, true);
    assert.equal(some.kept, 1);
    assert.deepEqual(some.files.map((f) => [f.file, f.kept, f.reason]), [
      ['README.md', false, "ignored by rule 1 '*.md'"],
      ['docs/x.txt', false, "ignored by rule 2 'docs/'"],
      ['src/a.ts', true, 'no rule ignores it'],
    ]);
    const none = evaluatePathRules(['*.md', 'docs/'], false, ['README.md', 'docs/x.txt']);
    assert.equal(none.counts, false);
  });

  it('an allow list counts a push only when some changed file matches', () => {
    const yes = evaluatePathRules(['services/api/**', '!services/api/*.md'], true, ['services/api/a.ts', 'services/web/b.ts', 'services/api/NOTES.md']);
    assert.equal(yes.counts, true);
    assert.deepEqual(yes.files.map((f) => [f.kept, f.reason]), [
      [true, "matches rule 1 'services/api/**'"],
      [false, 'no rule matches it'],
      [false, "excluded by rule 2 '!services/api/*.md'"],
    ]);
    assert.equal(evaluatePathRules(['services/api/'], true, ['services/web/b.ts']).counts, false);
    assert.equal(evaluatePathRules(['services/api/'], true, []).counts, false);
  });

  it('a negative rule that re-includes a file is named', () => {
    const result = evaluatePathRules(['*.md', '!CHANGELOG.md'], false, ['CHANGELOG.md']);
    assert.equal(result.counts, true);
    assert.deepEqual(result.files[0]?.rule, { index: 1, pattern: '!CHANGELOG.md', negative: true });
    assert.equal(result.files[0]?.reason, "re-included by rule 2 '!CHANGELOG.md'");
  });

  it('says when a negative rule cannot re-include a file of an excluded directory, as in Git', () => {
    const result = evaluatePathRules(['docs/', '!docs/keep.md'], false, ['docs/keep.md']);
    assert.equal(result.counts, false);
    assert.match(result.files[0]?.reason ?? '', /^ignored by rule 1 'docs\/'; rule 2 '!docs\/keep.md' cannot re-include it because its parent directory is excluded/);
  });

  it('without rules every push counts, even one changing no file, whatever isAllowList says', () => {
    for (const allow of [false, true]) {
      const result = evaluatePathRules([], allow, []);
      assert.equal(result.mode, 'none');
      assert.equal(result.counts, true);
    }
  });

  it('warns about trailing comments and comment lines, which Git reads differently than people expect', () => {
    const rules = new PathRules(['README.md   # docs', '# note', '*.log'], false);
    assert.equal(rules.warnings.length, 2);
    assert.match(rules.warnings[0] as string, /rule 1 .* trailing comment/);
    assert.match(rules.warnings[1] as string, /rule 2 .* comment and matches nothing/);
    assert.equal(rules.judge('README.md').kept, true, 'the commented rule does not match README.md, as in Git');
  });

  it('never throws on paths the rules cannot match', () => {
    const rules = new PathRules(['*.md'], false);
    for (const file of ['', './a.md', '../a.md', '/abs/a.md']) assert.doesNotThrow(() => rules.judge(file));
    assert.equal(rules.judge('/abs/a.md').kept, false, 'a leading slash is the repository root');
  });
});
