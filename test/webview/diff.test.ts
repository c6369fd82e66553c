import * as assert from 'node:assert/strict';
import { parseFlow } from '../../core/document/parse';
import { openPreview, updateOf, useChromium } from './browser';

const before = JSON.parse(`{
  "apiVersion": "v1.2",
  "spec": { "kind": "Workflow", "spec": { "type": "sequential", "steps": [
    { "kind": "Build", "ref": "build", "spec": { "id": "shop-builder", "branch": "main" } },
    { "kind": "Workflow", "ref": "deploy", "spec": { "type": "parallel", "steps": [
      { "kind": "Release", "ref": "deploy-api", "spec": { "origin": { "build": "\${refs.build.id}" }, "target": { "service": "api" } } },
      { "kind": "Release", "ref": "deploy-web", "spec": { "origin": { "build": "\${refs.build.id}" }, "target": { "service": "web" } } }
    ] } }
  ] } }
}`) as { spec: { spec: { steps: { spec: Record<string, unknown> }[] } } };
const beforeText = JSON.stringify(before, null, 2);
const after = structuredClone(before);
after.spec.spec.steps[0]!.spec.branch = 'release';
(after.spec.spec.steps[1]!.spec.steps as unknown[]).splice(1, 1);
after.spec.spec.steps.push({ kind: 'JobRun', ref: 'smoke', spec: { jobId: 'smoke-tests' } } as never);
const afterText = JSON.stringify(after, null, 2);
const cardOf = (text: string, ref: string): string => `[data-node-id="node:${parseFlow(text).nodesByRef.get(ref)![0]!.path.join('.')}"]`;

describe('flow graph page: comparing with another version (Chromium)', function () {
  const browser = useChromium(this);

  it('asks the host for HEAD, draws added, changed and ghosted removed nodes with a legend, and turns off', async () => {
    const preview = await openPreview(browser(), { name: 'diff', width: 1300, height: 520, compareChoices: ['off', 'HEAD'] });
    await preview.send(updateOf(afterText, 1, 'release-development.json'));
    assert.equal(await preview.page.isHidden('.rf-legend'), true, 'no legend before comparing');

    await preview.page.selectOption('[data-control="compare"]', 'HEAD');
    assert.deepEqual((await preview.posted()).filter((m) => m.type === 'compare'), [{ type: 'compare', against: 'HEAD' }]);

    await preview.send({ type: 'baseline', label: 'HEAD', text: beforeText });
    await preview.page.waitForSelector('.rf-diff-removed');
    assert.match((await preview.page.getAttribute(cardOf(afterText, 'smoke'), 'class')) ?? '', /rf-diff-added/);
    assert.match((await preview.page.getAttribute(cardOf(afterText, 'build'), 'class')) ?? '', /rf-diff-changed/);
    assert.equal(await preview.page.locator('[data-node-id="removed:node:spec.spec.steps.1.spec.steps.1"]').count(), 1, 'deploy-web is ghosted where it was');
    assert.equal((await preview.page.textContent('.rf-legend'))?.replace(/\s+/g, ' '), '1 added, 1 removed, 1 changed since HEAD+added (1)−removed (1)~changed (1)↷moved (0)');
    assert.match((await preview.page.textContent('.rf-toolbar-info')) ?? '', /^5 nodes/, `the ghost is not counted as a node of the flow: ${await preview.page.textContent('.rf-toolbar-info')}`);
    await preview.screenshot('webview-graph-diff');

    // The changed fields on hover (the card's tooltip), and a ghost says what it was.
    await preview.page.hover(`${cardOf(afterText, 'build')} .rf-tile`);
    assert.match((await preview.page.textContent(`${cardOf(afterText, 'build')} > title`)) ?? '', /Changed since HEAD: spec\.branch\./);
    const ghost = '[data-node-id="removed:node:spec.spec.steps.1.spec.steps.1"]';
    await preview.page.hover(`${ghost} .rf-tile`);
    assert.match((await preview.page.textContent(`${ghost} > title`)) ?? '', /deploy-web[\s\S]*Removed since HEAD \(shown as it was\)\./);

    await preview.page.click(`${cardOf(afterText, 'build')} .rf-title`);
    await preview.page.waitForSelector('.rf-popover:not([hidden])');
    assert.match((await preview.page.textContent('.rf-popover')) ?? '', /Changed since HEAD: spec\.branch\./);

    // Edits keep the comparison.
    await preview.send(updateOf(afterText.replace('"smoke"', '"smoke-2"'), 2, 'release-development.json'));
    const classes = await preview.page.evaluate(() => [...document.querySelectorAll('[data-node-id]')].map((e) => e.getAttribute('class')).join('\n'));
    assert.match(classes, /rf-diff-added/, classes);
    assert.match((await preview.page.textContent('.rf-legend')) ?? '', /1 added, 1 removed, 1 changed since HEAD/);

    await preview.send({ type: 'baseline' });
    await preview.page.waitForSelector('.rf-legend', { state: 'hidden' });
    assert.equal(await preview.page.locator('.rf-diff-added, .rf-diff-removed, .rf-diff-changed').count(), 0);
    assert.equal(await preview.page.inputValue('[data-control="compare"]'), 'off');
    assert.deepEqual(preview.problems, []);
  });

  it('shows why a comparison is not possible and keeps drawing the file', async () => {
    const preview = await openPreview(browser(), { name: 'diff-error', compareChoices: ['off', 'HEAD'] });
    await preview.send(updateOf(afterText, 1));
    await preview.page.selectOption('[data-control="compare"]', 'HEAD');
    await preview.send({ type: 'baseline', error: 'flow.json is not in a Git repository: there is no HEAD to compare with.' });
    await preview.page.waitForSelector('.rf-banner:not([hidden])');
    assert.match((await preview.page.textContent('.rf-banner')) ?? '', /not in a Git repository/);
    assert.equal(await preview.page.inputValue('[data-control="compare"]'), 'off');
    assert.equal(await preview.page.locator('[data-node-id]').count() > 0, true);
  });

  it('has no picker in a page without a host, and shows a comparison the page was written with', async () => {
    const preview = await openPreview(browser(), { name: 'diff-none', embedded: false, initial: updateOf(afterText, 1), baseline: { type: 'baseline', label: 'release-old.json', text: beforeText } });
    assert.equal(await preview.page.locator('[data-control="compare"]').count(), 0);
    assert.match((await preview.page.textContent('.rf-legend')) ?? '', /1 added, 1 removed, 1 changed since release-old\.json/);
    assert.equal(await preview.page.locator('.rf-diff-removed').count(), 1);
    assert.deepEqual(preview.problems, []);
  });
});
