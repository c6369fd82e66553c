import * as assert from 'node:assert/strict';
import { parseFlow } from '../../core/document/parse';
import { overrideEntryProblem } from '../../core/runner/overrides';
import { finishedStatus, flow, runVirtual } from './helpers';

/** Run-time overrides with the platform's semantics (api/run-release-flow.md): by node ref, and by service id for Release nodes. */
describe('runner: run-time overrides', () => {
  const registry = (ref: string, target: string, imagePath = 'nginx:1.27'): Record<string, unknown> =>
    ({ kind: 'Release', ref, spec: { type: 'registry', origin: { imagePath }, target: { id: target, type: 'service' } } });
  const buildRelease = (ref: string, target: string): Record<string, unknown> =>
    ({ kind: 'Release', ref, spec: { type: 'build', origin: { id: 'api-builder', branch: 'main', build: 'latest' }, target: { id: target, type: 'service' } } });
  const image = (run: Awaited<ReturnType<typeof runVirtual>>, ref: string): string | undefined => (run.last(ref).outputs as { external?: { imagePath: string } }).external?.imagePath;

  it('replaces fields of a node\'s spec by its ref', async () => {
    const run = await runVirtual(flow([registry('api', 'shop-api'), registry('worker', 'shop-worker')]), { overrides: { overrides: { api: { origin: { imagePath: 'nginx:2.0' } } } } });
    assert.equal(finishedStatus(run), 'success');
    assert.equal(image(run, 'api'), 'nginx:2.0');
    assert.equal(image(run, 'worker'), 'nginx:1.27', 'other nodes are untouched');
    assert.ok(run.events.some((e) => e.type === 'note' && /api: spec\.origin replaced by the run's overrides/.test(e.message)));
  });

  it('replaces a Release\'s spec by the service it deploys (releaseNodeOverrides), even switching its type', async () => {
    // A build Release without a repository would fail; the override makes it a registry release.
    const run = await runVirtual(flow([buildRelease('api', 'shop-api')]), { overrides: { releaseNodeOverrides: { 'shop-api': { type: 'registry', origin: { imagePath: 'nginx:latest' } } } } });
    assert.equal(finishedStatus(run), 'success', JSON.stringify(run.last('api').error));
    assert.equal(image(run, 'api'), 'nginx:latest');
  });

  it('names, in the run\'s note, the fields of a replaced object that the override leaves out', async () => {
    // `--override api.origin.branch=feature` replaces the whole origin: its id and build are gone, and the note says so.
    const run = await runVirtual(flow([buildRelease('api', 'shop-api'), registry('web', 'shop-web')], {}, 'parallel'), {
      overrides: { overrides: { api: { origin: { branch: 'feature' } }, web: { origin: { imagePath: 'nginx:2' } } } },
    });
    const notes = run.events.filter((e) => e.type === 'note').map((e) => (e.type === 'note' ? e.message : ''));
    assert.ok(notes.includes("api: spec.origin replaced by the run's overrides. An override replaces a field whole: spec.origin.id, spec.origin.build are not set in this run."), notes.join('\n'));
    assert.ok(notes.includes("web: spec.origin replaced by the run's overrides."), 'nothing left out, nothing more said');
    assert.match(run.last('api').error?.message ?? '', /no spec\.origin\.id/);
  });

  it('records the overrides in the run header and the record', async () => {
    const overrides = { overrides: { api: { origin: { imagePath: 'nginx:2.0' } } } };
    const run = await runVirtual(flow([registry('api', 'shop-api')]), { overrides });
    const started = run.events.find((e) => e.type === 'run-started');
    assert.deepEqual(started?.type === 'run-started' ? started.run.overrides : undefined, overrides);
    assert.deepEqual(run.outcome.result === 'finished' ? run.outcome.record.overrides : undefined, overrides);
  });

  it('refuses, before anything runs, an override for a ref or a service no node has', async () => {
    const run = await runVirtual(flow([registry('api', 'shop-api')]), { overrides: { overrides: { apii: { branch: 'x' } }, releaseNodeOverrides: { 'shop-web': { type: 'registry' } } } });
    assert.equal(run.outcome.result, 'dry-run');
    const problems = run.outcome.result === 'dry-run' ? run.outcome.problems : [];
    assert.deepEqual(problems.map((p) => p.code), ['unknown-override', 'unknown-override']);
    assert.match(problems[0]?.message ?? '', /no node has the ref 'apii'.*Did you mean 'api'/);
    assert.match(problems[1]?.message ?? '', /no Release node deploys to 'shop-web'/);
  });

  it('checks one entry of the editor\'s run form at a time: its form, then its ref or service', () => {
    const model = parseFlow(flow([registry('api', 'shop-api')]));
    assert.equal(overrideEntryProblem(model, 'api.origin.imagePath=nginx:2', true, []), undefined);
    assert.match(overrideEntryProblem(model, 'api=1', true, []) ?? '', /expected node override NAME\.FIELD=VALUE/);
    assert.match(overrideEntryProblem(model, 'apy.x=1', true, []) ?? '', /Did you mean 'api'/);
    assert.equal(overrideEntryProblem(model, 'shop-api.type=registry', false, []), undefined);
    assert.match(overrideEntryProblem(model, 'shop-web.type=registry', false, []) ?? '', /no Release node deploys to 'shop-web'/);
    assert.match(overrideEntryProblem(model, 'api.origin.imagePath=y', true, ['api.origin=x']) ?? '', /already given a value/);
  });
});
