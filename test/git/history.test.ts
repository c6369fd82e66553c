import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitHistory } from '../../core/git/history';
import { commit, git, removeDir, tempRepo } from '../runner/helpers';
import { repoWithUpstream, type RepoWithUpstream } from '../triggers/repos';

/** Node's assert.rejects matches each property of the object: the code exactly, the message by pattern. */
const rejectsWith = (work: Promise<unknown>, code: string, message: RegExp): Promise<void> => assert.rejects(work, { code, message });

describe('git history: events from a real repository', () => {
  let repo: RepoWithUpstream;
  let dir: string;
  let upstream: string;
  let first: string;
  let history: GitHistory;

  beforeEach(async () => {
    repo = await repoWithUpstream({ 'README.md': '# shop\n', 'src/app.ts': 'export {};\n' });
    ({ dir, upstream, first } = repo);
    history = new GitHistory(dir);
  });
  afterEach(async () => repo.remove());

  it('lists the remotes', async () => {
    assert.deepEqual(await history.remotes(), [
      { name: 'origin', url: upstream },
      { name: 'github', url: 'git@github.com:acme/shop.git' },
    ]);
    assert.equal(await history.defaultBranch(), 'main');
  });

  it('a push by default: the commits not yet on the upstream, newest first, and every file they change', async () => {
    const a = await commit(dir, { 'src/app.ts': 'export const a = 1;\n' }, 'Change app');
    const b = await commit(dir, { 'docs/guide.md': '# guide\n' }, 'Add guide\n\nLonger body [skip ci]');
    const event = await history.pushEvent();
    assert.equal(event.branch, 'main');
    assert.equal(event.from, first);
    assert.equal(event.to, b);
    assert.deepEqual(event.commits.map((c) => c.sha), [b, a]);
    assert.equal(event.commits[0]?.message, 'Add guide\n\nLonger body [skip ci]');
    assert.deepEqual(event.changedFiles.sort(), ['docs/guide.md', 'src/app.ts']);
    assert.match(event.origin, /the 2 commits not yet on origin\/main/);
  });

  it('a push when nothing is ahead of the upstream: the last commit stands for it', async () => {
    const event = await history.pushEvent();
    assert.deepEqual(event.commits.map((c) => c.sha), [first]);
    assert.equal(event.from, undefined, 'the root commit has no parent');
    assert.deepEqual(event.changedFiles.sort(), ['README.md', 'src/app.ts']);
    assert.match(event.origin, /nothing is ahead of origin\/main/);
  });

  it('an explicit range A..B, a range to HEAD, and a single commit', async () => {
    const a = await commit(dir, { 'a.txt': 'a\n' }, 'a');
    const b = await commit(dir, { 'b.txt': 'b\n', 'a.txt': 'a2\n' }, 'b');
    const range = await history.pushEvent({ range: `${first}..${b}` });
    assert.equal(range.branch, 'main', 'B is the checked-out commit of main');
    assert.deepEqual(range.commits.map((c) => c.sha), [b, a]);
    assert.deepEqual(range.changedFiles.sort(), ['a.txt', 'b.txt']);
    const toHead = await history.pushEvent({ range: `${a}..` });
    assert.deepEqual(toHead.commits.map((c) => c.sha), [b]);
    const single = await history.pushEvent({ range: a, branch: 'main' });
    assert.deepEqual(single.commits.map((c) => c.sha), [a]);
    assert.deepEqual(single.changedFiles, ['a.txt']);
  });

  it('rejects malformed ranges, unknown revisions and commits that are no branch', async () => {
    await rejectsWith(history.pushEvent({ range: 'main...HEAD' }), 'unknown-commit', /not a push range/);
    await rejectsWith(history.pushEvent({ range: '..HEAD' }), 'unknown-commit', /not a push range/);
    await rejectsWith(history.pushEvent({ range: 'nope..HEAD' }), 'unknown-commit', /'nope' is not a branch, tag or commit/);
    await rejectsWith(history.pushEvent({ range: '--output=x..HEAD' }), 'unknown-commit', /is not a branch, tag or commit/);
    await commit(dir, { 'c.txt': 'c\n' }, 'c');
    await rejectsWith(history.pushEvent({ range: `${first}..HEAD~1` }), 'detached-head', /is a commit, not a branch: say which branch/);
  });

  it('a new branch: its changes against the merge base with the default branch, not what main did since', async () => {
    git(dir, 'checkout', '-q', '-b', 'feature/login');
    const f = await commit(dir, { 'src/login.ts': 'export {};\n' }, 'Login');
    git(dir, 'checkout', '-q', 'main');
    await commit(dir, { 'src/main-only.ts': '1\n' }, 'main moves on');
    git(dir, 'checkout', '-q', 'feature/login');
    const event = await history.pushEvent();
    assert.equal(event.branch, 'feature/login');
    assert.deepEqual(event.newBranch, { baseBranch: 'main', mergeBase: first });
    assert.deepEqual(event.commits.map((c) => c.sha), [f]);
    assert.deepEqual(event.changedFiles, ['src/login.ts']);
    assert.match(event.origin, /not on any remote yet: a new branch/);
  });

  it('a pull request: head, base, draft flag, head commit and the three-dot diff', async () => {
    git(dir, 'checkout', '-q', '-b', 'fix/typo');
    await commit(dir, { 'README.md': '# Shop\n' }, 'Fix typo');
    const head = await commit(dir, { 'docs/a.md': 'a\n' }, 'Docs [skip ci]');
    git(dir, 'checkout', '-q', 'main');
    await commit(dir, { 'src/app.ts': 'changed on main\n' }, 'main work');
    const pr = await history.pullRequestEvent({ head: 'fix/typo', draft: true, pullRequestId: 7 });
    assert.equal(pr.base, 'main');
    assert.equal(pr.draft, true);
    assert.equal(pr.pullRequestId, 7);
    assert.equal(pr.headCommit.sha, head);
    assert.equal(pr.headCommit.message, 'Docs [skip ci]');
    assert.equal(pr.mergeBase, first);
    assert.deepEqual(pr.changedFiles.sort(), ['README.md', 'docs/a.md'], 'src/app.ts changed on main only');
  });

  it('a pull request from a branch only on the remote, and clear errors for unknown or identical branches', async () => {
    git(dir, 'checkout', '-q', '-b', 'remote-only');
    await commit(dir, { 'r.txt': 'r\n' }, 'remote work');
    git(dir, 'push', '-q', 'origin', 'remote-only');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'branch', '-q', '-D', 'remote-only');
    git(dir, 'fetch', '-q', 'origin');
    const pr = await history.pullRequestEvent({ head: 'remote-only' });
    assert.deepEqual(pr.changedFiles, ['r.txt']);
    await rejectsWith(history.pullRequestEvent({ head: 'remote-onyl' }), 'unknown-branch', /no branch 'remote-onyl'.*Did you mean 'remote-only'/s);
    await rejectsWith(history.pullRequestEvent({ head: 'main' }), 'unknown-branch', /cannot be both head and base/);
  });

  it('a tag push names the tag and its commit, annotated or not', async () => {
    git(dir, 'tag', 'v1');
    git(dir, '-c', 'tag.gpgSign=false', 'tag', '-a', 'v2', '-m', 'release 2');
    assert.deepEqual(await history.tagEvent('v1'), { type: 'tag', tag: 'v1', sha: first, origin: '' });
    assert.equal((await history.tagEvent('v2')).sha, first, 'an annotated tag is peeled to its commit');
    await rejectsWith(history.tagEvent('v3'), 'unknown-commit', /no tag 'v3'.*Tags: v1, v2/s);
  });

  it('a detached HEAD: a push needs to be told its branch', async () => {
    git(dir, 'checkout', '-q', '--detach');
    await rejectsWith(history.pushEvent(), 'detached-head', /HEAD is detached at [0-9a-f]{7}, so a push has no branch/);
    const event = await history.pushEvent({ branch: 'main' });
    assert.equal(event.branch, 'main');
  });

  it('no repository, and a repository without commits', async () => {
    const plain = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-plain-'));
    try {
      await rejectsWith(new GitHistory(plain).pushEvent(), 'no-repo', /is not inside a Git repository/);
      git(plain, 'init', '-q', '-b', 'main');
      await rejectsWith(new GitHistory(plain).pushEvent(), 'no-commits', /has no commits yet/);
    } finally {
      await removeDir(plain);
    }
  });

  it('a branch with no upstream that is the default branch: the last commit', async () => {
    const solo = await tempRepo({ 'a.txt': 'a\n' });
    try {
      const event = await new GitHistory(solo).pushEvent();
      assert.equal(event.branch, 'main');
      assert.deepEqual(event.changedFiles, ['a.txt']);
      assert.match(event.origin, /no upstream and is the default branch/);
    } finally {
      await removeDir(solo);
    }
  });
});
