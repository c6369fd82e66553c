/**
 * The GitOps commit against real temporary repositories (never a mocked Git):
 * what goes into the commit, what stays staged, and every refusal.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commitPlannedFlow, planFlowCommit, planPush, pushPlannedFlow } from '../../core/gitops/commitFlow';
import { GitOpsError } from '../../core/gitops/errors';
import { examplesDir, removeDir, writeFiles } from '../runner/helpers';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A repository whose own config names a committer, so commits made by the code under test work on any machine. */
async function repo(files: Record<string, string>): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-gitops-')));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Flow Tester');
  git(dir, 'config', 'user.email', 'flow@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  await writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

async function refusal(promise: Promise<unknown>): Promise<GitOpsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GitOpsError) return error;
    throw error;
  }
  assert.fail('expected a GitOpsError');
}

describe('gitops: commit of the flow file', function () {
  this.timeout(30000);
  let example: string;
  let dir: string | undefined;
  const flowPath = 'release-development.json';
  before(async () => {
    // The example's gitops.filePath is /examples/...: keep the file where it says.
    example = await fs.readFile(path.join(examplesDir, 'release-development.json'), 'utf8');
  });
  afterEach(async () => {
    await removeDir(dir);
    dir = undefined;
  });

  it('commits only the flow file while another file is staged, with a summary message', async () => {
    dir = await repo({ 'examples/release-development.json': example, 'app.ts': 'export const a = 1;\n' });
    const file = path.join(dir, 'examples', flowPath);
    const changed = example.replace('"shop-api-dev"', '"shop-api-dev-2"');
    await fs.writeFile(file, changed);
    await fs.writeFile(path.join(dir, 'app.ts'), 'export const a = 2;\n');
    git(dir, 'add', 'app.ts');

    const plan = await planFlowCommit(file);
    assert.equal(plan.branch, 'main');
    assert.equal(plan.message.subject, 'release-development: change deploy-api');
    assert.deepEqual(plan.checks.errors, []);
    const result = await commitPlannedFlow(plan, plan.message.subject);

    assert.equal(git(dir, 'rev-parse', 'HEAD'), result.sha);
    assert.deepEqual(git(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n'), ['examples/release-development.json']);
    assert.equal(git(dir, 'log', '-1', '--format=%B'), "release-development: change deploy-api\n\n- Changed Release 'deploy-api'");
    // The other change is still staged, untouched, and not committed.
    assert.equal(git(dir, 'diff', '--cached', '--name-only'), 'app.ts');
    assert.equal(git(dir, 'show', 'HEAD:app.ts'), 'export const a = 1;');
    assert.equal(git(dir, 'show', 'HEAD:examples/release-development.json'), changed.trim());
  });

  it('a pre-commit hook that runs `git add -u`: the commit is undone (soft reset, nothing lost) and the hook named', async () => {
    dir = await repo({ 'examples/release-development.json': example, 'app.ts': 'export const a = 1;\n', 'lib.ts': 'export const b = 1;\n' });
    const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
    await fs.writeFile(hook, '#!/bin/sh\ngit add -u\n', { mode: 0o755 });
    const file = path.join(dir, 'examples', flowPath);
    await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-dev-2"'));
    await fs.writeFile(path.join(dir, 'app.ts'), 'export const a = 2;\n');
    git(dir, 'add', 'app.ts');
    await fs.writeFile(path.join(dir, 'lib.ts'), 'export const b = 2;\n');
    const head = git(dir, 'rev-parse', 'HEAD');
    const statusBefore = git(dir, 'status', '--porcelain');

    const plan = await planFlowCommit(file);
    const error = await refusal(commitPlannedFlow(plan, plan.message.subject));
    assert.match(error.message, /pre-commit/);
    assert.match(error.message, /app\.ts/);
    assert.match(error.message, /lib\.ts/);
    assert.match(error.message, /undone/);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head, 'the commit is gone');
    assert.equal(git(dir, 'status', '--porcelain'), statusBefore, 'staged and unstaged changes are as they were');
    assert.equal(await fs.readFile(path.join(dir, 'lib.ts'), 'utf8'), 'export const b = 2;\n');
    assert.equal(git(dir, 'diff', '--cached', '--name-only'), 'app.ts');
  });

  it('adds a new flow file and commits it alone', async () => {
    dir = await repo({ 'README.md': '# shop\n' });
    await writeFiles(dir, { 'examples/release-development.json': example, 'notes.txt': 'draft\n' });
    git(dir, 'add', 'notes.txt');
    const plan = await planFlowCommit(path.join(dir, 'examples', flowPath));
    assert.equal(plan.summary.created, true);
    await commitPlannedFlow(plan, 'Add the development flow');
    assert.deepEqual(git(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n'), ['examples/release-development.json']);
    assert.equal(git(dir, 'diff', '--cached', '--name-only'), 'notes.txt');
    assert.match(git(dir, 'log', '-1', '--format=%B'), /^Add the development flow\n\n- Added Workflow at spec/);
  });

  it('refuses a file with argumentOverrides or a secret-like value, and commits nothing', async () => {
    const withOverrides = example.replace('"apiVersion": "v1.2",', '"apiVersion": "v1.2",\n  "argumentOverrides": { "DB_PASSWORD": "hunter2" },');
    dir = await repo({ 'examples/release-development.json': example });
    const head = git(dir, 'rev-parse', 'HEAD');
    const file = path.join(dir, 'examples', flowPath);
    await fs.writeFile(file, withOverrides);
    const error = await refusal(planFlowCommit(file));
    assert.equal(error.code, 'secrets');
    assert.deepEqual(error.diagnostics.map((d) => d.code), ['argument-overrides-committed']);

    await fs.writeFile(file, example.replace('"main-push",', '"main-push",\n      "note": "ghp_abcdefghijklmnopqrstuvwxyz0123456789",'));
    const secret = await refusal(planFlowCommit(file));
    assert.equal(secret.code, 'secrets');
    assert.ok(secret.diagnostics.some((d) => d.code === 'secret-in-file'));
    // Turning the diagnostic off in the editor does not let the secret through.
    const stillRefused = await refusal(planFlowCommit(file, { severity: new Map([['secret-in-file', 'off']]) }));
    assert.equal(stillRefused.code, 'secrets');
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
  });

  it('refuses a flow with errors and lists them; keeps warnings for the caller to ask', async () => {
    dir = await repo({ 'examples/release-development.json': example });
    const file = path.join(dir, 'examples', flowPath);
    await fs.writeFile(file, example.replace('${refs.build.id}', '${refs.biuld.id}'));
    const error = await refusal(planFlowCommit(file));
    assert.equal(error.code, 'invalid');
    assert.ok(error.diagnostics.some((d) => d.code === 'unknown-ref'), JSON.stringify(error.diagnostics));
    assert.match(error.message, /did you mean|biuld/i);

    // The same flow with the error turned into a warning: planned, and the warning handed back.
    const plan = await planFlowCommit(file, { severity: new Map([['unknown-ref', 'warning']]) });
    assert.ok(plan.checks.warnings.some((d) => d.code === 'unknown-ref'));
  });

  it('says there is nothing to commit when the file is as in HEAD', async () => {
    dir = await repo({ 'examples/release-development.json': example });
    const error = await refusal(planFlowCommit(path.join(dir, 'examples', flowPath)));
    assert.equal(error.code, 'nothing-to-commit');
  });

  it('refuses outside a repository and on a detached HEAD', async () => {
    const plain = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-norepo-')));
    try {
      await fs.writeFile(path.join(plain, flowPath), example);
      assert.equal((await refusal(planFlowCommit(path.join(plain, flowPath)))).code, 'no-repo');
    } finally {
      await removeDir(plain);
    }
    dir = await repo({ 'examples/release-development.json': example });
    git(dir, 'checkout', '-q', '--detach');
    const file = path.join(dir, 'examples', flowPath);
    await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-dev-2"'));
    const detached = await refusal(planFlowCommit(file));
    assert.equal(detached.code, 'detached-head');
    assert.match(detached.message, /detached at [0-9a-f]{7}/);
  });

  it('refuses while the flow has merge conflicts', async () => {
    dir = await repo({ 'examples/release-development.json': example });
    const file = path.join(dir, 'examples', flowPath);
    git(dir, 'checkout', '-q', '-b', 'other');
    await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-other"'));
    git(dir, 'commit', '-q', '-am', 'other');
    git(dir, 'checkout', '-q', 'main');
    await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-main"'));
    git(dir, 'commit', '-q', '-am', 'main');
    assert.throws(() => git(dir as string, 'merge', 'other'));
    // Git leaves conflict markers, which are also syntax errors: the conflict is what the user must hear about.
    const error = await refusal(planFlowCommit(file));
    assert.equal(error.code, 'conflicts');
    assert.match(error.message, /release-development\.json has merge conflicts/);

    // Resolved in the file but not marked resolved: the conflict is what blocks.
    await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-merged"'));
    const conflict = await refusal(planFlowCommit(file));
    assert.equal(conflict.code, 'conflicts');
    assert.match(conflict.message, /merge conflicts/);
  });

  it('pushes to gitops.branch of a local remote, and reports a rejected push without forcing', async () => {
    const remote = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-remote-')));
    try {
      git(remote, 'init', '-q', '--bare', '-b', 'main');
      dir = await repo({ 'examples/release-development.json': example });
      git(dir, 'remote', 'add', 'origin', remote);
      git(dir, 'push', '-q', 'origin', 'main');
      const file = path.join(dir, 'examples', flowPath);
      await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-dev-2"'));
      const plan = await planFlowCommit(file);
      const commit = await commitPlannedFlow(plan, plan.message.subject);
      const target = await planPush(plan);
      assert.deepEqual([target.remote, target.branch], ['origin', 'main']);
      const pushed = await pushPlannedFlow(plan, target);
      assert.match(pushed.summary, /^[0-9a-f]{7}\.\.[0-9a-f]{7}$/);
      assert.equal(git(remote, 'rev-parse', 'main'), commit.sha);

      // Someone else pushes first: our next push is rejected, and the remote keeps their commit.
      const other = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-clone-')));
      try {
        git(other, 'clone', '-q', remote, '.');
        git(other, '-c', 'user.name=Other', '-c', 'user.email=o@example.com', 'commit', '-q', '--allow-empty', '-m', 'theirs');
        git(other, 'push', '-q', 'origin', 'main');
      } finally {
        await removeDir(other);
      }
      const theirs = git(remote, 'rev-parse', 'main');
      await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-dev-3"'));
      const second = await planFlowCommit(file);
      await commitPlannedFlow(second, second.message.subject);
      const rejected = await refusal(pushPlannedFlow(second, await planPush(second)));
      assert.equal(rejected.code, 'push-rejected');
      assert.equal(git(remote, 'rev-parse', 'main'), theirs);
    } finally {
      await removeDir(remote);
    }
  });

  it('refuses to commit a file that changed after it was checked', async () => {
    dir = await repo({ 'examples/release-development.json': example });
    const file = path.join(dir, 'examples', flowPath);
    await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-dev-2"'));
    const plan = await planFlowCommit(file);
    await fs.writeFile(file, example.replace('"shop-api-dev"', '"shop-api-dev-3"'));
    assert.match((await refusal(commitPlannedFlow(plan, 'x'))).message, /changed while the commit was being prepared/);
  });
});
