import { nodeFieldsValidator } from '../../core/validation/nodeFields';
import { build, check, clean, diag, flow, node, workflow } from './helpers';

const skip = (value: unknown): string => flow({ arguments: { A: 'x' }, steps: [build('b', {}), node('JobRun', 'j', { jobId: 'migrate' }, { skipNodeExecution: value })] });
/** A Condition node waiting for a service, with the given timeout. */
const condition = (timeoutDuration: unknown): unknown =>
  node('Condition', undefined, { kind: 'Service', spec: { type: 'running', data: { serviceId: 'api', timeoutDuration } } });
/** A Release node waiting for its target to run: the only kind the reference gives a timeout range (release-guide-2026.md, min 30 max 14400). */
const release = (timeoutDuration: unknown): unknown =>
  node('Release', undefined, { type: 'registry', origin: { imagePath: 'nginx:1' }, target: { id: 'api', type: 'service' } }, { condition: 'running', timeoutDuration });
const timeouts = (...values: unknown[]): string => flow({ arguments: { T: 60 }, steps: values.map(release) });

describe('nodeFields validator', () => {
  describe('skipNodeExecution', () => {
    it('accepts "true", "false", an expression and the object form', () => {
      for (const value of ['true', 'false', "${fn.eq(args.A, 'x')}", 'skip-${args.A}', { when: 'x' }]) clean(nodeFieldsValidator, skip(value));
    });

    it('accepts it on workflows and on the root too', () => {
      clean(nodeFieldsValidator, flow({ steps: [workflow('w', 'parallel', [], { skipNodeExecution: 'false' })] }));
    });

    it('flags a word that is not a boolean string, covering the string', () => {
      check(nodeFieldsValidator, skip('yes'), [
        diag('skip-node-execution', 'error', '"yes"', /skipNodeExecution must be "true", "false" or a \$\{\.\.\.\} expression that resolves to a boolean, not "yes"\.$/),
      ]);
      check(nodeFieldsValidator, skip('True'), [diag('skip-node-execution', 'error', '"True"', /not "True"\./)]);
    });

    it('flags a JSON boolean, suggesting the string form', () => {
      check(nodeFieldsValidator, skip(true), [diag('skip-node-execution', 'error', 'true', /not true\. Write it as a string: "true"\./)]);
      check(nodeFieldsValidator, skip(false), [diag('skip-node-execution', 'error', 'false', /Write it as a string: "false"\./)]);
    });

    it('flags a number and an array', () => {
      check(nodeFieldsValidator, skip(1), [diag('skip-node-execution', 'error', '1', /not 1\.$/)]);
      check(nodeFieldsValidator, skip(['true']), [diag('skip-node-execution', 'error', '[\n            "true"\n          ]', /not an array\./)]);
    });

    it('checks nodes inside nested workflows and in teardownSpec', () => {
      const deep = workflow('w', 'parallel', [workflow('s', 'sequential', [node('Build', 'b', {}, { skipNodeExecution: 'no' })])]);
      check(nodeFieldsValidator, flow({ steps: [deep], teardown: [node('Build', 't', {}, { skipNodeExecution: 'maybe' })] }), [
        diag('skip-node-execution', 'error', '"no"'),
        diag('skip-node-execution', 'error', '"maybe"'),
      ]);
    });
  });

  describe('timeoutDuration', () => {
    it('accepts the bounds 30 and 14400, and an expression', () => {
      clean(nodeFieldsValidator, timeouts(30, 14400, 600, '${args.T}'));
    });

    it('flags values just outside the range, covering the number', () => {
      check(nodeFieldsValidator, timeouts(29, 14401), [
        diag('timeout-range', 'error', '29', /timeoutDuration is 29 s; the platform accepts whole seconds from 30 to 14400 \(4 hours\) for a Release node\./),
        diag('timeout-range', 'error', '14401', /timeoutDuration is 14401 s/),
      ]);
    });

    it('flags fractions, zero and negative values', () => {
      check(nodeFieldsValidator, timeouts(30.5, 0, -60), [
        diag('timeout-range', 'error', '30.5'),
        diag('timeout-range', 'error', '0'),
        diag('timeout-range', 'error', '-60'),
      ]);
    });

    it('checks only the Release node\'s timeout: the reference gives no range for Condition and Action timeouts', () => {
      const action = node('Action', 'restart', { kind: 'Addon', spec: { type: 'restart', data: { addonId: 'db', timeoutDuration: 10 } } });
      check(nodeFieldsValidator, flow({ steps: [action, condition(20000), condition(5), release(20000)] }), [diag('timeout-range', 'error', '20000')]);
    });

    it('does not read an argument that happens to be called timeoutDuration as a node timeout', () => {
      const job = node('JobRun', 'j', { jobId: 'migrate', runtimeEnvironment: { TIMEOUT_MINUTES: '${args.timeoutDuration}' } });
      clean(nodeFieldsValidator, flow({ arguments: { timeoutDuration: 5 }, steps: [job, condition(60)] }));
    });
  });
});
