import * as assert from 'node:assert/strict';
import type { PipelineDescription } from '../../core/pipeline/description';
import type { DryRunProblem } from '../../core/runs/events';
import { flow, message, registryRelease, runVirtual, type VirtualOptions } from './helpers';

async function problems(text: string, options: VirtualOptions = {}): Promise<DryRunProblem[]> {
  const run = await runVirtual(text, options);
  assert.equal(run.outcome.result, 'dry-run', 'the run must not start');
  assert.ok(!run.events.some((e) => e.type === 'run-started' || e.type === 'node-status'), 'no node runs');
  return run.outcome.result === 'dry-run' ? run.outcome.problems : [];
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the flow`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

describe('runner: dry run before any node runs', () => {
  it('refuses a top-level argument without a value, saying which and where', async () => {
    const text = flow([message('ok'), { kind: 'JobRun', ref: 'migrate', spec: { jobId: 'shop-migrate', runtimeEnvironment: { TAG: '${args.TAG}' } } }]);
    const found = await problems(text);
    assert.equal(found.length, 1);
    const [problem] = found as [DryRunProblem];
    assert.equal(problem.code, 'unresolved-arg');
    assert.match(problem.message, /Argument 'TAG' has no value/);
    assert.equal(problem.node, 'migrate');
    assert.deepEqual({ line: problem.line, column: problem.column }, where(text, 'args.TAG'));
    const given = await runVirtual(text, { args: { TAG: 'v1' } });
    assert.equal(given.outcome.result, 'finished', 'with the argument the dry run passes');
    assert.equal(given.last('migrate').status, 'success', 'and the job, which the flow names, is assumed to exist and runs');
  });

  it('reports every missing argument of a string, not only the first', async () => {
    const found = await problems(flow([message('m', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://h.example.com', message: '${args.A} and ${args.B}' } } })]));
    assert.deepEqual(found.map((p) => p.message.slice(0, 14)), ["Argument 'A' h", "Argument 'B' h"]);
  });

  it('accepts unresolved arguments inside functions, which count as false', async () => {
    const run = await runVirtual(flow([message('note', { skipNodeExecution: '${fn.and(args.SKIP, true)}' })]));
    assert.equal(run.outcome.result, 'finished');
    assert.deepEqual(run.statuses('note'), ['running', 'success']);
  });

  it('refuses unknown and unavailable refs, unknown functions and wrong arity, with the validators\' codes', async () => {
    const text = flow([
      message('a', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://h.example.com', message: '${refs.nope.id} ${refs.later.id} ${fn.shout(1)} ${fn.slice(args.X)}' } } }),
      message('later'),
    ], { arguments: { X: 'x' } });
    const codes = (await problems(text)).map((p) => p.code);
    assert.deepEqual(codes, ['unknown-ref', 'ref-not-available', 'unknown-function', 'function-arity']);
  });

  it('evaluates what can be evaluated: a function failing on known inputs, skipNodeExecution and timeouts of the wrong kind', async () => {
    const text = flow([
      message('div', { spec: { kind: 'RAW_WEBHOOK', spec: { webhookUrl: 'https://h.example.com', message: '${fn.divide(args.N, 0)}' } } }),
      message('skip', { skipNodeExecution: '${args.MODE}' }),
      registryRelease('deploy', 'shop-api', { condition: 'running', timeoutDuration: '${fn.add(args.N, 5)}' }),
    ], { arguments: { N: '5', MODE: 'maybe' } });
    const found = await problems(text);
    assert.deepEqual(found.map((p) => [p.code, p.node]), [['function-error', 'div'], ['invalid-skip', 'skip'], ['invalid-timeout', 'deploy']]);
    assert.match(found[0]?.message ?? '', /division by zero/);
    assert.match(found[1]?.message ?? '', /skipNodeExecution resolved to "maybe"/);
    assert.match(found[2]?.message ?? '', /timeoutDuration resolved to 10/);
  });

  it('refuses syntax errors and schema errors', async () => {
    const broken = '{ "apiVersion": "v1.2", "spec": { "kind": "Workflow", "spec": { "type": "sequential", "steps": [] } }, }';
    assert.equal((await problems(broken))[0]?.code, 'json-trailing-comma');
    const schema = await problems(flow([{ kind: 'Release', ref: 'r', spec: { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'shop-api', type: 'servize' } } }]));
    assert.ok(schema.some((p) => p.code === 'schema'), JSON.stringify(schema));
  });

  it('refuses a target that is not in the stage of the pipeline', async () => {
    const pipeline: PipelineDescription = { stages: [{ name: 'Development', index: 0, resources: [{ id: 'shop-api-dev', type: 'service' }] }] };
    const text = flow([registryRelease('deploy', 'shop-api-prod')]);
    const found = await problems(text, { pipeline, stage: 'Development' });
    assert.equal(found[0]?.code, 'pipeline-target');
    assert.match(found[0]?.message ?? '', /'shop-api-prod' is not a service of the Development stage/);
    const ok = await runVirtual(flow([registryRelease('deploy', 'shop-api-dev')]), { pipeline, stage: 'Development' });
    assert.equal(ok.outcome.result, 'finished');
  });

  it('refuses an unknown stage and a trigger override for a trigger the flow lacks', async () => {
    const unknownStage = await problems(flow([message('a')]), { stage: 'QA' });
    assert.match(unknownStage[0]?.message ?? '', /'QA' is not a pipeline stage/);
    const trigger = await problems(flow([message('a')]), { triggers: { push: { branch: 'main' } } });
    assert.match(trigger[0]?.message ?? '', /no trigger 'push'/);
  });

  it('only checks with dryRunOnly, and then reports ok', async () => {
    const run = await runVirtual(flow([message('a')]), { dryRunOnly: true });
    assert.deepEqual(run.outcome, { result: 'dry-run', ok: true, problems: [], stage: 'Development' });
    assert.deepEqual(run.events.map((e) => e.type), ['dry-run']);
  });
});
