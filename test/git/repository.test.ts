import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitError, SimpleGitProvider } from '../../core/git/repository';
import { commit, git, removeDir, tempRepo } from '../runner/helpers';

async function rejectsWith(work: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: GitError) => {
    assert.ok(error instanceof GitError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

describe('runner: the Git provider (simple-git, real repositories)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await removeDir(dir);
  });

  it('resolves the root, HEAD, the newest commit of a branch and commit details', async () => {
    const repo = await tempRepo();
    dirs.push(repo);
    const first = git(repo, 'rev-parse', 'HEAD');
    const second = await commit(repo, { 'a.txt': 'a' }, 'Add a');
    git(repo, 'branch', 'release', first);
    const provider = new SimpleGitProvider(path.join(repo));
    assert.equal(await provider.root(), repo);
    assert.deepEqual(await provider.head(), { sha: second, branch: 'main' });
    assert.deepEqual(await provider.branchHead('main'), { sha: second, ref: 'refs/heads/main' });
    assert.deepEqual(await provider.branchHead('release'), { sha: first, ref: 'refs/heads/release' });
    const info = await provider.commit(second.slice(0, 8));
    assert.equal(info.sha, second);
    assert.equal(info.message, 'Add a');
    assert.equal(info.author, 'Test');
    assert.equal(await provider.remoteUrl(), undefined);
  });

  it('falls back to origin/<branch> when the branch exists only as a remote-tracking branch', async () => {
    const repo = await tempRepo();
    dirs.push(repo);
    const head = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'update-ref', 'refs/remotes/origin/staging', head);
    git(repo, 'remote', 'add', 'origin', 'https://github.com/example-org/shop');
    const provider = new SimpleGitProvider(repo);
    assert.deepEqual(await provider.branchHead('staging'), { sha: head, ref: 'refs/remotes/origin/staging' });
    assert.equal(await provider.remoteUrl(), 'https://github.com/example-org/shop');
  });

  it('reports a detached HEAD as a commit without a branch', async () => {
    const repo = await tempRepo();
    dirs.push(repo);
    git(repo, 'checkout', '-q', '--detach', 'HEAD');
    assert.deepEqual(await new SimpleGitProvider(repo).head(), { sha: git(repo, 'rev-parse', 'HEAD'), branch: undefined });
  });

  it('gives clear errors: no repository, no commits, unknown branch (with a suggestion), unknown commit', async () => {
    const plain = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-plain-'));
    dirs.push(plain);
    await rejectsWith(new SimpleGitProvider(plain).head(), 'no-repo', /is not inside a Git repository/);
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-empty-'));
    dirs.push(empty);
    git(empty, 'init', '-q', '-b', 'main');
    await rejectsWith(new SimpleGitProvider(empty).head(), 'no-commits', /has no commits yet/);
    await rejectsWith(new SimpleGitProvider(empty).branchHead('main'), 'no-commits', /no commits yet, so branch 'main' does not exist/);
    const repo = await tempRepo();
    dirs.push(repo);
    const provider = new SimpleGitProvider(repo);
    await rejectsWith(provider.branchHead('mian'), 'unknown-branch', /Branch 'mian' does not exist in the local repository \(nor as origin\/mian\)\. Did you mean 'main'\? Local branches: main\./);
    await rejectsWith(provider.branchHead('--upload-pack=x'), 'unknown-branch', /not a valid branch name/);
    await rejectsWith(provider.commit('0123456789abcdef'), 'unknown-commit', /Commit '0123456789abcdef' does not exist/);
  });
});
