import * as assert from 'node:assert/strict';
import { checkCiFlags, DEFAULT_CI_IGNORE_FLAGS } from '../../core/triggers/ciFlags';
import { compareRepoUrls, normaliseRepoUrl } from '../../core/git/repoUrl';

describe('triggers: repository URLs', () => {
  const SAME = [
    'https://github.com/Acme/shop',
    'https://github.com/Acme/shop.git',
    'https://GitHub.COM/Acme/shop/',
    'http://www.github.com/Acme/shop',
    'git@github.com:Acme/shop.git',
    'ssh://git@github.com/Acme/shop.git',
    'ssh://git@github.com:22/Acme/shop',
    'https://user:secret@github.com/Acme/shop.git',
    'github.com/Acme/shop',
  ];
  for (const url of SAME) {
    it(`${url} is github.com/Acme/shop`, () => {
      assert.equal(normaliseRepoUrl(url)?.key, 'github.com/Acme/shop');
      assert.deepEqual(compareRepoUrls('https://github.com/Acme/shop', url), { same: true });
    });
  }

  it('tells other repositories apart, and reports a difference of letter case only', () => {
    assert.deepEqual(compareRepoUrls('https://github.com/acme/shop', 'git@github.com:acme/shop-api.git'), { same: false, caseOnly: false });
    assert.deepEqual(compareRepoUrls('https://github.com/acme/shop', 'https://gitlab.com/acme/shop'), { same: false, caseOnly: false });
    assert.deepEqual(compareRepoUrls('https://github.com/acme/shop', 'https://github.com/Acme/Shop'), { same: false, caseOnly: true });
  });

  it('keeps nested groups (GitLab) and local paths comparable', () => {
    assert.equal(normaliseRepoUrl('git@gitlab.example.com:group/sub/app.git')?.key, 'gitlab.example.com/group/sub/app');
    assert.deepEqual(compareRepoUrls('/srv/git/app.git', 'file:///srv/git/app.git'), { same: true });
  });

  it('returns undefined for what is not a URL', () => {
    for (const bad of ['', '   ', 'https://', 'http://[bad']) assert.equal(normaliseRepoUrl(bad), undefined, bad);
  });
});

describe('triggers: commit-message ignore flags', () => {
  const commits = [
    { sha: 'a'.repeat(40), message: 'Fix login\n\nDetails' },
    { sha: 'b'.repeat(40), message: 'Update docs\n\n[Skip CI] only docs' },
  ];

  it('are not checked unless ciIgnoreFlagsEnabled', () => {
    const result = checkCiFlags(false, undefined, commits);
    assert.equal(result.skipped, false);
    assert.deepEqual(result.hits, []);
  });

  it("use the platform's defaults when none are given, and find a flag in any commit's body, ignoring case", () => {
    const result = checkCiFlags(true, undefined, commits);
    assert.equal(result.defaults, true);
    assert.deepEqual(result.flags, DEFAULT_CI_IGNORE_FLAGS);
    assert.equal(result.skipped, true);
    assert.deepEqual(result.hits, [{ sha: 'b'.repeat(40), subject: 'Update docs', flag: '[skip ci]' }]);
  });

  it('use the given flags only; an empty list or blank flags skip nothing', () => {
    assert.equal(checkCiFlags(true, ['#nodeploy'], commits).skipped, false);
    assert.equal(checkCiFlags(true, ['only docs'], commits).skipped, true);
    assert.equal(checkCiFlags(true, [], commits).skipped, false);
    assert.equal(checkCiFlags(true, ['', '  '], commits).skipped, false);
  });
});
