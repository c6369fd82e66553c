import * as assert from 'node:assert/strict';
import { firstMatchingRule, matchBranchRule } from '../../core/triggers/branchMatch';

/**
 * Golden table: rule, branch, verdict. The first rows are the examples of the
 * platform's docs (build-guide-2026.md); the rest pin the choices documented
 * in branchMatch.ts (`*` crosses `/`, everything else is literal, case matters).
 */
const GOLDEN: [rule: string, branch: string, matches: boolean][] = [
  ['*', 'main', true],
  ['*', 'feature/login', true],
  ['*', 'feature/team/login', true],
  ['master', 'master', true],
  ['master', 'master-2', false],
  ['master', 'old/master', false],
  ['feature/*', 'feature/login', true],
  ['feature/*', 'feature/team/login', true],
  ['feature/*', 'feature', false],
  ['feature/*', 'features/login', false],
  ['feature/*', 'x/feature/login', false],
  ['feature/test', 'feature/test', true],
  ['feature/test', 'feature/test2', false],
  ['release-*', 'release-1.2', true],
  ['release-*', 'release-1/hotfix', true],
  ['release-*', 'release', false],
  ['release-*', 'pre-release-1', false],
  ['*-hotfix', 'v2-hotfix', true],
  ['*-hotfix', 'v2-hotfix-1', false],
  ['v1.*', 'v1.2', true],
  ['v1.*', 'v1x2', false],
  ['fix(ui)', 'fix(ui)', true],
  ['fix(ui)', 'fixui', false],
  ['a+(b)', 'ab', false],
  ['a+(b)', 'a+(b)', true],
  ['!main', 'dev', false],
  ['!main', '!main', true],
  ['it\'s,ok&go=1', 'it\'s,ok&go=1', true],
  ['#42', '#42', true],
  ['%2F', '%2F', true],
  ['Main', 'main', false],
  ['**', 'a/b/c', true],
  ['', 'main', false],
  ['main', '', false],
];

describe('triggers: branch rules', () => {
  for (const [rule, branch, expected] of GOLDEN) {
    it(`'${rule}' ${expected ? 'matches' : 'does not match'} '${branch}'`, () => {
      assert.equal(matchBranchRule(rule, branch), expected);
    });
  }

  it('firstMatchingRule gives the index of the first matching rule', () => {
    assert.equal(firstMatchingRule(['main', 'release-*', '*'], 'release-2'), 1);
    assert.equal(firstMatchingRule(['main', 'release-*'], 'dev'), -1);
    assert.equal(firstMatchingRule([], 'main'), -1);
  });
});
