import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InsertTextFormat } from 'vscode-languageserver-types';
import { FUNCTIONS, signatureOf } from '../../core/catalogue/functions';
import { MAX_REF_ITEMS } from '../../core/language/expressionCompletion';
import { parseFlow } from '../../core/document/parse';
import { parsePipelineDescription } from '../../core/pipeline/description';
import { applyCompletion, find, labels, setup } from './helpers';

const repoRoot = path.join(__dirname, '../../..');
const pipeline = parsePipelineDescription(readFileSync(path.join(repoRoot, 'examples/.northflank/pipeline.json'), 'utf8')).pipeline;
const inStaging = { environment: () => ({ repoPath: '/examples/release-staging.json', pipeline }) };

/** A staging flow: a trigger, arguments, a rich input, a build, then a parallel workflow and a release after it. */
const FLOW = (cursorStep: string): string => `{
  "apiVersion": "v1.2",
  "arguments": { "BRANCH": "main", "REPLICAS": 2 },
  "richInputs": [{ "kind": "BranchCommitSelector", "spec": { "outputs": { "branch": "PICKED_BRANCH" } } }],
  "triggers": [{ "ref": "push", "vcsService": "github", "repoUrl": "https://github.com/o/r" }],
  "spec": {
    "kind": "Workflow",
    "ref": "root",
    "spec": {
      "type": "sequential",
      "steps": [
        { "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service", "branch": "\${args.BRANCH}" } },
        { "kind": "Workflow", "ref": "both", "spec": { "type": "parallel", "steps": [
          { "kind": "AddonBackup", "ref": "backup", "spec": { "addonId": "shop-db-staging" } },
          ${cursorStep}
        ] } },
        { "kind": "Release", "ref": "later", "spec": { "type": "build", "target": { "id": "shop-api-staging", "type": "service" } } }
      ]
    }
  }
}`;

describe('completion', () => {
  describe('inside ${...}', () => {
    it('offers after refs. only the refs finished before this node, nearest first, then trigger refs', async () => {
      const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${refs.|}" } }'));
      const list = await service.doComplete(document, position);
      // Not `backup` (a parallel sibling), `run` (itself), `both`/`root` (still running) or `later` (runs after).
      assert.deepEqual(labels(list), ['build', 'push']);
      assert.equal(applyCompletion(document, find(list, 'build')).includes('"jobId": "${refs.build}"'), true);
    });

    it('completes inside an unterminated ${refs. in an unterminated string', async () => {
      const marked = FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${refs.|\n').split('\n').slice(0, 15).join('\n');
      const { service, document, position } = setup(marked);
      const list = await service.doComplete(document, position);
      assert.deepEqual(labels(list), ['build', 'push']);
      const after = applyCompletion(document, find(list, 'build'));
      assert.ok(after.endsWith('"jobId": "${refs.build'), after.slice(-60));
    });

    it('offers the outputs of the ref\'s kind after refs.x. and nested members further down', async () => {
      const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${refs.build.|}" } }'));
      const list = await service.doComplete(document, position);
      assert.ok(['id', 'branch', 'sha', 'status', 'registry'].every((name) => labels(list).includes(name)), labels(list).join());
      assert.ok(applyCompletion(document, find(list, 'sha')).includes('"${refs.build.sha}"'));

      const nested = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${refs.build.registry.u|}" } }'));
      const members = await nested.service.doComplete(nested.document, nested.position);
      assert.deepEqual(labels(members), ['uri']);
      assert.ok(applyCompletion(nested.document, find(members, 'uri')).includes('"${refs.build.registry.uri}"'));

      const trigger = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${refs.push.|}" } }'));
      assert.deepEqual(labels(await trigger.service.doComplete(trigger.document, trigger.position)), ['branch', 'sha', 'repoUrl', 'pullRequestId']);
    });

    it('offers argument names with their defaults, and rich-input outputs', async () => {
      const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "x-${args.|}" } }'));
      const list = await service.doComplete(document, position);
      assert.deepEqual(labels(list), ['BRANCH', 'REPLICAS', 'PICKED_BRANCH']);
      assert.equal(find(list, 'BRANCH').detail, '= "main"');
      assert.equal(find(list, 'REPLICAS').detail, '= 2');
      assert.match(String(find(list, 'PICKED_BRANCH').detail), /BranchCommitSelector branch/);
      assert.ok(applyCompletion(document, find(list, 'REPLICAS')).includes('"x-${args.REPLICAS}"'));
    });

    it('offers functions as snippets with parameter placeholders, or just the name before an existing (', async () => {
      const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${fn.|}" } }'));
      const list = await service.doComplete(document, position);
      assert.ok(labels(list).includes('randomSecret') && labels(list).includes('if'));
      const eq = find(list, 'eq');
      assert.equal(eq.insertTextFormat, InsertTextFormat.Snippet);
      const [a, b] = FUNCTIONS.get('eq')!.params.map((p) => p.name);
      assert.equal(eq.textEdit?.newText, `eq(\${1:${a}}, \${2:${b}})`);
      assert.equal(eq.detail, signatureOf(FUNCTIONS.get('eq')!));
      assert.ok(applyCompletion(document, eq).includes(`"\${fn.eq(${a}, ${b})}"`));

      const typed = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${fn.up|(args.BRANCH)}" } }'));
      const upper = find(await typed.service.doComplete(typed.document, typed.position), 'toUpper');
      assert.ok(applyCompletion(typed.document, upper).includes('"${fn.toUpper(args.BRANCH)}"'));
    });

    it('offers the namespaces where an expression starts, also inside function arguments', async () => {
      for (const step of ['"${|}"', '"${fn.eq(|)}"', '"${fn.eq(args.BRANCH, re|)}"']) {
        const { service, document, position } = setup(FLOW(`{ "kind": "JobRun", "ref": "run", "spec": { "jobId": ${step} } }`));
        const list = await service.doComplete(document, position);
        assert.deepEqual(labels(list), ['refs.', 'args.', 'fn.'], step);
      }
      const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${fn.eq(args.BRANCH, re|)}" } }'));
      assert.ok(applyCompletion(document, find(await service.doComplete(document, position), 'refs.')).includes('"${fn.eq(args.BRANCH, refs.)}"'));
    });

    it('sends the nearest refs matching what is typed when thousands are readable, and says the list is incomplete', async () => {
      const steps = Array.from({ length: 700 }, (_, i) => `{ "kind": "Approval", "ref": "step-${i}", "spec": { "amount": 1 } }`);
      const text = (typed: string): string =>
        `{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": [${steps.join(', ')}, { "kind": "JobRun", "spec": { "jobId": "\${refs.${typed}|}" } }]}}}`;
      const all = setup(text(''));
      const list = await all.service.doComplete(all.document, all.position);
      assert.equal(list.isIncomplete, true);
      assert.equal(list.items.length, MAX_REF_ITEMS);
      assert.deepEqual(labels(list).slice(0, 3), ['step-699', 'step-698', 'step-697']);
      const typed = setup(text('step-12'));
      const narrowed = await typed.service.doComplete(typed.document, typed.position);
      assert.equal(narrowed.isIncomplete, true);
      assert.ok(narrowed.items.length < 50 && labels(narrowed).includes('step-12') && labels(narrowed).includes('step-123'), labels(narrowed).join());
      // Sorted by the place in the whole list, nearest first, not by the place among the matches.
      assert.equal(narrowed.items.find((item) => item.label === 'step-12')?.sortText, 'a00687');
      assert.equal(narrowed.items.find((item) => item.label === 'step-123')?.sortText, 'a00576');
      assert.equal(narrowed.items.find((item) => item.label === 'step-12')?.detail, `Approval · line 1`);
      const upper = setup(text('STEP-12'));
      assert.deepEqual(labels(await upper.service.doComplete(upper.document, upper.position)), labels(narrowed));
      const few = setup(FLOW('{ "kind": "JobRun", "ref": "run", "spec": { "jobId": "${refs.|}" } }'));
      assert.equal((await few.service.doComplete(few.document, few.position)).isIncomplete, false);
    });

    it('offers only trigger refs in top-level fields, where node outputs do not exist', async () => {
      const { service, document, position } = setup(FLOW('{ "kind": "Approval", "spec": { "amount": 1 } }').replace('"BRANCH": "main"', '"BRANCH": "${refs.|}"'));
      assert.deepEqual(labels(await service.doComplete(document, position)), ['push']);
    });
  });

  describe('from the schema', () => {
    it('completes node kinds, enums and booleans', async () => {
      const kinds = setup(FLOW('{ "kind": "|" }'));
      const kindList = await kinds.service.doComplete(kinds.document, kinds.position);
      assert.ok(['"Build"', '"Release"', '"JobRun"', '"Workflow"'].every((kind) => labels(kindList).includes(kind)));
      assert.ok(applyCompletion(kinds.document, find(kindList, '"JobRun"')).includes('{ "kind": "JobRun" }'));

      const types = setup('{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "spec": {"type": "|", "steps": []}}}');
      assert.deepEqual(labels(await types.service.doComplete(types.document, types.position)), ['"sequential"', '"parallel"']);

      const booleans = setup(FLOW('{ "kind": "Build", "spec": { "reuseExistingBuilds": | } }'));
      const list = await booleans.service.doComplete(booleans.document, booleans.position);
      assert.deepEqual(labels(list), ['true', 'false']);
      assert.ok(applyCompletion(booleans.document, find(list, 'false')).includes('"reuseExistingBuilds": false }'));
    });

    it('completes the keys a node kind takes, inside a deeply split document', async () => {
      const { service, document, position } = setup(FLOW('{ "kind": "AddonBackup", "spec": { "addonId": "x", | } }'));
      const list = await service.doComplete(document, position);
      assert.ok(labels(list).includes('backupType') && !labels(list).includes('jobId'), labels(list).join());
    });
  });

  describe('node snippets', () => {
    it('inserts a whole node per kind between steps, with commas and ids from the pipeline', async () => {
      const marked = FLOW('{ "kind": "Approval", "spec": { "amount": 1 } }').replace('"type": "sequential",\n      "steps": [\n', '"type": "sequential",\n      "steps": [\n        |\n');
      const { service, document, position } = setup(marked, inStaging);
      const list = await service.doComplete(document, position);
      for (const label of ['Workflow (sequential)', 'Workflow (parallel)', 'Release (build)', 'Release (registry)', 'Release (deployment): promote from the previous stage', 'Build', 'JobRun', 'AddonBackup', 'Action (restart a service)', 'Action (execute a command in a service)', 'Condition (service running)']) {
        assert.ok(labels(list).includes(label), `${label} in ${labels(list).join(', ')}`);
      }
      assert.ok(!labels(list).includes('OpenTofuDestroy'), 'teardown-only kinds are not offered in spec');
      const promote = find(list, 'Release (deployment): promote from the previous stage');
      assert.equal(promote.insertTextFormat, InsertTextFormat.Snippet);
      assert.match(String(promote.textEdit?.newText), /\$\{\d+\|shop-api-dev,shop-migrate-dev\|\}/, 'origin ids come from the previous stage');
      const after = applyCompletion(document, promote);
      const model = parseFlow(after);
      assert.deepEqual(model.syntaxIssues, [], after);
      const inserted = model.rootNode?.children[0];
      assert.equal(inserted?.kind, 'Release');
      assert.equal(inserted?.ref, 'promote');
      assert.deepEqual(
        JSON.parse(after).spec.spec.steps[0].spec,
        { type: 'deployment', origin: { id: 'shop-api-dev', type: 'service' }, target: { id: 'shop-api-staging', type: 'service' } },
      );
    });

    it('derives what the schema requires: a Workflow gets type and steps, an Approval its amount', async () => {
      const { service, document, position } = setup('{"apiVersion": "v1.2", "spec": {"kind": "Workflow", "ref": "steps", "spec": {"type": "parallel", "steps": [|]}}}');
      const list = await service.doComplete(document, position);
      const workflow = JSON.parse(applyCompletion(document, find(list, 'Workflow (sequential)')));
      assert.deepEqual(workflow.spec.spec.steps[0], { kind: 'Workflow', ref: 'steps-2', spec: { type: 'sequential', steps: [] } });
      const approval = JSON.parse(applyCompletion(document, find(list, 'Approval')));
      assert.deepEqual(approval.spec.spec.steps[0], { kind: 'Approval', ref: 'approval', spec: { amount: 1 } });
    });

    it('replaces an empty step object and plain text without snippet support', async () => {
      const { service, document, position } = setup(FLOW('{|}'), { ...inStaging, snippets: false });
      const list = await service.doComplete(document, position);
      const run = find(list, 'JobRun');
      assert.notEqual(run.insertTextFormat, InsertTextFormat.Snippet);
      assert.doesNotMatch(String(run.textEdit?.newText), /\$\{/);
      const after = JSON.parse(applyCompletion(document, run));
      assert.deepEqual(after.spec.spec.steps[1].spec.steps[1], { kind: 'JobRun', ref: 'run', spec: { jobId: 'shop-migrate-staging' }, condition: 'success' });
    });
  });

  describe('pipeline ids', () => {
    it('offers this stage\'s jobs for JobRun, addons for AddonBackup, and the previous stage\'s for a promotion origin', async () => {
      const job = setup(FLOW('{ "kind": "JobRun", "spec": { "jobId": "|" } }'), inStaging);
      const jobs = await job.service.doComplete(job.document, job.position);
      assert.deepEqual(labels(jobs), ['shop-migrate-staging']);
      assert.ok(applyCompletion(job.document, jobs.items[0]!).includes('"jobId": "shop-migrate-staging"'));

      const addon = setup(FLOW('{ "kind": "AddonBackup", "spec": { "addonId": "shop|" } }'), inStaging);
      assert.deepEqual(labels(await addon.service.doComplete(addon.document, addon.position)).filter((l) => l.startsWith('shop')), ['shop-db-staging']);

      const origin = setup(FLOW('{ "kind": "Release", "spec": { "type": "deployment", "origin": { "id": "|", "type": "job" }, "target": { "id": "t", "type": "job" } } }'), inStaging);
      assert.deepEqual(labels(await origin.service.doComplete(origin.document, origin.position)), ['shop-migrate-dev']);

      const target = setup(FLOW('{ "kind": "Release", "spec": { "type": "build", "target": { "id": |, "type": "service" } } }'), inStaging);
      const targets = await target.service.doComplete(target.document, target.position);
      assert.ok(labels(targets).includes('shop-api-staging') && !labels(targets).includes('shop-migrate-staging'));
    });

    it('offers no ids without a pipeline description', async () => {
      const { service, document, position } = setup(FLOW('{ "kind": "JobRun", "spec": { "jobId": "|" } }'));
      assert.deepEqual(labels(await service.doComplete(document, position)), []);
    });
  });
});
