import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { parsePipelineDescription } from '../../core/pipeline/description';
import { applyWorkspaceEdit, flowText, setup } from './helpers';

const repoRoot = path.join(__dirname, '../../..');
const pipeline = parsePipelineDescription(readFileSync(path.join(repoRoot, 'examples/.northflank/pipeline.json'), 'utf8')).pipeline;

/** Validates the fixture, asks for fixes of the diagnostics with `code`, and returns them with a way to apply each. */
async function fixes(text: string, code: string, repoPath = '/release-staging.json'): Promise<{ actions: CodeAction[]; apply(title: string): string; diagnostics: Diagnostic[] }> {
  const { service, document } = setup(text, { environment: () => ({ repoPath, pipeline }) });
  const diagnostics = (await service.doValidation(document)).filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `expected a ${code} diagnostic`);
  const actions = service.getCodeActions(document, diagnostics[0]!.range, { diagnostics });
  return {
    actions,
    diagnostics,
    apply(title) {
      const action = actions.find((a) => a.title.startsWith(title));
      assert.ok(action?.edit, `no action '${title}' among ${actions.map((a) => a.title).join(' | ')}`);
      return applyWorkspaceEdit(document, action.edit);
    },
  };
}

const FLOW = (jobId: string, extra?: string): string =>
  flowText(
    [...(extra === undefined ? [] : [extra]), '"arguments": {\n    "BRANCH": "main"\n  }'],
    ['{ "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service", "branch": "${args.BRANCH}" } }', `{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${jobId}" } }`],
  );

describe('quick fixes', () => {
  it('corrects a misspelt ref, argument, function and output property', async () => {
    assert.equal((await fixes(FLOW('${refs.biuld.id}'), 'unknown-ref')).apply("Change to 'build'"), FLOW('${refs.build.id}'));
    assert.equal((await fixes(FLOW('${args.BRANHC}'), 'unknown-arg')).apply("Change to 'BRANCH'"), FLOW('${args.BRANCH}'));
    assert.equal((await fixes(FLOW('${fn.toUper(args.BRANCH)}'), 'unknown-function')).apply("Change to 'toUpper'"), FLOW('${fn.toUpper(args.BRANCH)}'));
    assert.equal((await fixes(FLOW('${refs.build.sah}'), 'unknown-output-property')).apply("Change to 'sha'"), FLOW('${refs.build.sha}'));
    const { actions } = await fixes(FLOW('${refs.biuld.id}'), 'unknown-ref');
    assert.equal(actions[0]?.isPreferred, true);
  });

  it('adds a missing argument to arguments, creating the object when there is none', async () => {
    const added = (await fixes(FLOW('${args.IMAGE_TAG}'), 'unknown-arg')).apply("Add argument 'IMAGE_TAG'");
    assert.deepEqual(JSON.parse(added).arguments, { BRANCH: 'main', IMAGE_TAG: '' });
    assert.ok(added.includes('    "BRANCH": "main",\n    "IMAGE_TAG": ""\n  }'), added);
    const without = FLOW('${args.IMAGE_TAG}').replace('  "arguments": {\n    "BRANCH": "main"\n  },\n', '').replace('${args.BRANCH}', 'main');
    const created = (await fixes(without, 'unknown-arg')).apply("Add argument 'IMAGE_TAG'");
    assert.deepEqual(JSON.parse(created).arguments, { IMAGE_TAG: '' });
    assert.ok(created.startsWith('{\n  "apiVersion": "v1.2",\n  "arguments": {\n    "IMAGE_TAG": ""\n  },\n'), created);
  });

  it('removes argumentOverrides from the file, saying why', async () => {
    const text = FLOW('x', '"argumentOverrides": { "TOKEN": "abc" }');
    const { actions, apply } = await fixes(text, 'argument-overrides-committed');
    assert.match(actions[0]!.title, /must not be committed to Git/);
    assert.equal(apply('Remove "argumentOverrides"'), FLOW('x'));
  });

  it('removes an unused argument and keeps the JSON valid', async () => {
    const text = FLOW('x').replace('"branch": "${args.BRANCH}"', '"branch": "main"');
    const after = (await fixes(text, 'unused-arg')).apply("Remove unused argument 'BRANCH'");
    assert.deepEqual(JSON.parse(after).arguments, {});
  });

  it('renames a duplicate ref to a free one', async () => {
    const text = FLOW('x').replace('"ref": "run"', '"ref": "build"');
    const { apply, diagnostics } = await fixes(text, 'duplicate-ref');
    assert.equal(diagnostics.length, 2);
    const after = apply("Rename this duplicate ref to 'build-2'");
    assert.equal(after, text.replace('"ref": "build", "spec": { "id"', '"ref": "build-2", "spec": { "id"'));
  });

  it('replaces a resource id with the one of this stage it resembles', async () => {
    const text = FLOW('x').replace('"jobId": "x"', '"jobId": "shop-migrate-stagin"');
    assert.equal((await fixes(text, 'pipeline-target')).apply("Change to 'shop-migrate-staging'"), text.replace('shop-migrate-stagin"', 'shop-migrate-staging"'));
  });

  it('offers nothing when the diagnostic no longer matches the text', async () => {
    const { service, document } = setup(FLOW('${refs.build.id}'));
    const stale: Diagnostic = { range: { start: { line: 11, character: 60 }, end: { line: 11, character: 65 } }, message: 'old', code: 'unknown-ref', data: { name: 'biuld', suggestion: 'build' } };
    assert.deepEqual(service.getCodeActions(document, stale.range, { diagnostics: [stale] }), []);
  });

  it('gives a trigger that watches nothing a branch rule (the gitops branch) or a PR rule', async () => {
    const triggers = '"triggers": [\n    {\n      "ref": "git",\n      "vcsService": "github",\n      "repoUrl": "https://github.com/acme/api"\n    }\n  ]';
    const text = FLOW('x', triggers);
    const pushes = (await fixes(text, 'trigger-watches-nothing')).apply("Run on pushes to 'main'");
    assert.ok(pushes.includes('      "repoUrl": "https://github.com/acme/api",\n      "branchRestrictions": ["main"]\n    }'), pushes);
    const withGitops = FLOW('x', `${triggers},\n  "gitops": { "vcsService": "github", "repoUrl": "https://github.com/acme/api", "branch": "release", "filePath": "/release-staging.json" }`);
    assert.deepEqual(JSON.parse((await fixes(withGitops, 'trigger-watches-nothing')).apply("Run on pushes to 'release'")).triggers[0].branchRestrictions, ['release']);
    const empty = FLOW('x', '"triggers": [{ "ref": "git", "vcsService": "github", "repoUrl": "https://github.com/acme/api", "prRestrictions": [] }]');
    const prs = (await fixes(empty, 'trigger-watches-nothing')).apply('Run on pull requests of every branch');
    assert.deepEqual(JSON.parse(prs).triggers[0].prRestrictions, ['*']);
    const { service, document } = setup(prs, { environment: () => ({ repoPath: '/release-staging.json', pipeline }) });
    assert.deepEqual((await service.doValidation(document)).filter((d) => d.code === 'trigger-watches-nothing'), []);
  });

  it('turns ignore flags on, or removes them', async () => {
    const text = FLOW('x', '"triggers": [{ "ref": "git", "vcsService": "github", "repoUrl": "https://github.com/acme/api", "branchRestrictions": ["main"], "ciIgnoreFlags": ["[skip ci]"], "ciIgnoreFlagsEnabled": false }]');
    const on = (await fixes(text, 'ci-ignore-flags-ignored')).apply('Turn the ignore flags on');
    assert.equal(on, text.replace('"ciIgnoreFlagsEnabled": false', '"ciIgnoreFlagsEnabled": true'));
    const added = (await fixes(text.replace(', "ciIgnoreFlagsEnabled": false', ''), 'ci-ignore-flags-ignored')).apply('Turn the ignore flags on');
    assert.deepEqual(JSON.parse(added).triggers[0].ciIgnoreFlagsEnabled, true);
    const removed = (await fixes(text, 'ci-ignore-flags-ignored')).apply('Remove the unused ciIgnoreFlags');
    assert.deepEqual(Object.keys(JSON.parse(removed).triggers[0]), ['ref', 'vcsService', 'repoUrl', 'branchRestrictions', 'ciIgnoreFlagsEnabled']);
  });
});
