import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GitHistory } from '../../core/git/history';
import { parseFlow } from '../../core/document/parse';
import { evaluateTriggers, firedTriggerValues, type Evaluation, type EvaluationContext } from '../../core/triggers/evaluate';
import { explainText } from '../../core/triggers/explain';
import { describePause, readPauseState, setPaused } from '../../core/triggers/pause';
import { commit, flow, git, message } from '../runner/helpers';
import { repoWithUpstream, type RepoWithUpstream } from './repos';

const REPO_URL = 'https://github.com/acme/shop';

function flowWith(triggers: Record<string, unknown>[], options?: Record<string, unknown>): string {
  return flow([message('notify')], { triggers: triggers.map((t) => ({ vcsService: 'github', repoUrl: REPO_URL, ...t })), ...(options ? { options } : {}) });
}

const active = describePause(undefined, false);

function check(evaluation: Evaluation, trigger: number, name: string): { ok: boolean; summary: string; details: string[] } {
  const found = evaluation.triggers[trigger]?.checks.find((c) => c.check === name);
  assert.ok(found, `trigger ${trigger} has a ${name} check`);
  return found;
}

describe('triggers: evaluation against real history', () => {
  let repo: RepoWithUpstream;
  let dir: string;
  let history: GitHistory;
  let context: EvaluationContext;

  beforeEach(async () => {
    repo = await repoWithUpstream({ 'README.md': '# shop\n', 'src/app.ts': '1\n' });
    dir = repo.dir;
    history = new GitHistory(dir);
    context = { remotes: await history.remotes(), pause: active };
  });
  afterEach(async () => repo.remove());

  it('a push to a watched branch with a code change fires, and says why for every check', async () => {
    const sha = await commit(dir, { 'src/app.ts': '2\n', 'docs/a.md': 'a\n' }, 'Change app');
    const model = parseFlow(flowWith([{ ref: 'main-push', branchRestrictions: ['release-*', 'main'], pathIgnoreRules: ['*.md'], ciIgnoreFlagsEnabled: true }]));
    const evaluation = evaluateTriggers(model, await history.pushEvent(), context);
    assert.equal(evaluation.wouldRun, true);
    assert.deepEqual(evaluation.fired, ['main-push']);
    assert.match(check(evaluation, 0, 'repository').summary, /is remote 'github' \(git@github.com:acme\/shop.git\)/);
    assert.equal(check(evaluation, 0, 'branch-rules').summary, "Rule 2 'main' of branchRestrictions matches branch 'main'.");
    assert.equal(check(evaluation, 0, 'path-rules').summary, '1 of 2 changed files is not ignored by the ignore list.');
    assert.match(check(evaluation, 0, 'ci-flags').summary, /carries none of the platform's default flags/);
    assert.deepEqual(firedTriggerValues(evaluation), { 'main-push': { branch: 'main', sha, repoUrl: REPO_URL, pullRequestId: null } });
    const text = explainText(evaluation);
    assert.match(text, /kept {4}src\/app.ts: no rule ignores it/);
    assert.match(text, /dropped docs\/a.md: ignored by rule 1 '\*.md'/);
    assert.match(text, /Would run: trigger 'main-push' fires\.$/);
  });

  it('does not fire when every changed file is ignored, a commit carries a flag, or the branch is not watched', async () => {
    await commit(dir, { 'docs/a.md': 'a\n' }, 'Docs only');
    await commit(dir, { 'README.md': 'b\n' }, 'More docs\n\n[skip nf]');
    const model = parseFlow(flowWith([
      { ref: 'docs', branchRestrictions: ['main'], pathIgnoreRules: ['*.md'] },
      { ref: 'flags', branchRestrictions: ['*'], ciIgnoreFlagsEnabled: true },
      { ref: 'other', branchRestrictions: ['release/*'], prRestrictions: ['*'] },
    ]));
    const evaluation = evaluateTriggers(model, await history.pushEvent(), context);
    assert.equal(evaluation.wouldRun, false);
    assert.deepEqual(evaluation.fired, []);
    assert.equal(check(evaluation, 0, 'path-rules').summary, 'All 2 changed files are ignored by the ignore list.');
    const flags = check(evaluation, 1, 'ci-flags');
    assert.equal(flags.ok, false);
    assert.match(flags.details[0] as string, /^commit [0-9a-f]{7} "More docs" carries '\[skip nf\]'$/);
    const other = check(evaluation, 2, 'branch-rules');
    assert.equal(other.summary, "No rule of branchRestrictions ('release/*') matches branch 'main'.");
    assert.match(other.details[0] as string, /prRestrictions match 'main': a push to it runs the flow when the branch has an open pull request/);
    assert.equal(evaluation.verdict, 'Would not run: no trigger fires.');
  });

  it('a trigger for another repository, or a repository without that remote, does not apply', async () => {
    const model = parseFlow(flowWith([{ ref: 'api', repoUrl: 'https://github.com/acme/api', branchRestrictions: ['*'] }, { ref: 'case', repoUrl: 'https://github.com/ACME/Shop', branchRestrictions: ['*'] }]));
    const evaluation = evaluateTriggers(model, await history.pushEvent(), context);
    assert.equal(check(evaluation, 0, 'repository').ok, false);
    assert.match(check(evaluation, 0, 'repository').summary, /is none of the repository's remotes/);
    assert.match(check(evaluation, 1, 'repository').details.join('\n'), /differs only in letter case/);
    const bare = evaluateTriggers(model, await history.pushEvent(), { remotes: [], pause: active });
    assert.match(check(bare, 0, 'repository').summary, /has no remotes.*git remote add origin https:\/\/github.com\/acme\/api/);
  });

  it('a pull request: PR rules against the head branch, drafts, the head commit only, and the PR id in the values', async () => {
    git(dir, 'checkout', '-q', '-b', 'feature/pay');
    await commit(dir, { 'src/pay.ts': '1\n' }, 'Pay [skip ci]');
    const head = await commit(dir, { 'src/pay.ts': '2\n' }, 'Pay, take two');
    const model = parseFlow(flowWith([
      { ref: 'prs', prRestrictions: ['feature/*'], ciIgnoreFlagsEnabled: true, ignoreDrafts: true },
      { ref: 'drafts-ok', prRestrictions: ['*'] },
      { ref: 'push-only', branchRestrictions: ['*'] },
    ]));
    const ready = evaluateTriggers(model, await history.pullRequestEvent({ head: 'feature/pay', pullRequestId: 12 }), context);
    assert.deepEqual(ready.fired, ['prs', 'drafts-ok'], 'a flag in an earlier commit of the PR does not count');
    assert.deepEqual(ready.triggers[0]?.values, { branch: 'feature/pay', sha: head, repoUrl: REPO_URL, pullRequestId: 12 });
    assert.equal(check(ready, 2, 'pr-rules').summary, 'prRestrictions is empty: no branch is watched.');
    const draft = evaluateTriggers(model, await history.pullRequestEvent({ head: 'feature/pay', draft: true }), context);
    assert.deepEqual(draft.fired, ['drafts-ok']);
    assert.equal(check(draft, 0, 'draft').summary, 'The pull request is a draft and ignoreDrafts is on.');
    assert.match(check(draft, 1, 'draft').summary, /ignoreDrafts is off, so drafts run/);
  });

  it('a tag push never fires, and says how to run for the tag instead', async () => {
    git(dir, 'tag', 'v1.0.0');
    const model = parseFlow(flowWith([{ ref: 'all', branchRestrictions: ['*'], prRestrictions: ['*'] }]));
    const evaluation = evaluateTriggers(model, await history.tagEvent('v1.0.0'), context);
    assert.equal(evaluation.wouldRun, false);
    const event = check(evaluation, 0, 'event');
    assert.match(event.summary, /Tag pushes do not fire Git triggers/);
    assert.match(event.details[0] as string, /release-flow run <file> --trigger all\.sha=[0-9a-f]{12}/);
  });

  it('paused triggers: a trigger fires but the flow would not run; local pause and resume win over options.paused', async () => {
    const state = path.join(dir, '.release-flow');
    const model = parseFlow(flowWith([{ ref: 'main-push', branchRestrictions: ['main'] }], { paused: true }));
    const fromFile = await readPauseState(state, '/flow.json', true);
    assert.equal(fromFile.source, 'file');
    const paused = evaluateTriggers(model, await history.pushEvent(), { remotes: context.remotes, pause: fromFile });
    assert.deepEqual(paused.fired, ['main-push']);
    assert.equal(paused.wouldRun, false);
    assert.match(paused.verdict, /^Would not run: 'main-push' fires, but the flow's triggers are paused\. Paused by options.paused in the file/);
    const resumed = await setPaused(state, '/flow.json', false, true, () => '2025-01-01T09:00:00.000Z');
    assert.deepEqual(await readPauseState(state, '/flow.json', true), resumed);
    assert.equal(resumed.paused, false);
    assert.match(resumed.summary, /Resumed locally at 2025-01-01T09:00:00.000Z \(the file says options.paused: true; the local resume wins here\)/);
    assert.equal((await readPauseState(state, '/other.json', false)).paused, false, 'pauses are per flow');
    await fs.writeFile(path.join(state, 'triggers.json'), '{ broken');
    await assert.rejects(readPauseState(state, '/flow.json', false), /triggers.json cannot be read/);
  });

  it('a flow without triggers, and triggers with fields of the wrong type, are explained, not crashed on', async () => {
    const none = evaluateTriggers(parseFlow(flow([message('n')])), await history.pushEvent(), context);
    assert.equal(none.verdict, 'Would not run: the flow has no Git triggers.');
    const odd = parseFlow(JSON.stringify({ apiVersion: 'v1.2', triggers: [{ ref: 7, repoUrl: 42, branchRestrictions: 'main', pathIgnoreRules: [1, '*.md'] }], spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [] } } }));
    const evaluation = evaluateTriggers(odd, await history.pushEvent(), context);
    assert.equal(evaluation.triggers[0]?.fires, false);
    assert.equal(check(evaluation, 0, 'repository').summary, 'The trigger has no repoUrl, so it watches no repository.');
    assert.match(explainText(evaluation), /Trigger '#1': does not fire/);
    assert.doesNotThrow(() => JSON.stringify(evaluation));
  });
});
