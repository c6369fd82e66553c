import * as assert from 'node:assert/strict';
import { FUNCTIONS, maxArity, minArity, signatureOf, type FunctionInfo } from '../../core/catalogue/functions';
import { RELEASE_FLOW_KINDS, TEARDOWN_ONLY_KINDS, TEMPLATE_ONLY_KINDS, outputsComplete } from '../../core/catalogue/kinds';
import { TRIGGER_OUTPUTS, outputsAt, type OutputProperty } from '../../core/catalogue/outputs';

function fn(name: string): FunctionInfo {
  const info = FUNCTIONS.get(name);
  assert.ok(info, `missing function ${name}`);
  return info;
}

describe('catalogue: functions', () => {
  it('lists every function of the docs table', () => {
    const documented = [
      'randomSecret', 'date', 'toBase64', 'fromBase64', 'slug', 'indexOf', 'search', 'replace', 'replaceAll',
      'slice', 'length', 'toUpper', 'toLower', 'not', 'or', 'and', 'if', 'eq', 'neq', 'gt', 'lt', 'gte', 'lte',
      'add', 'subtract', 'multiply', 'divide', 'remainder', 'exp', 'floor', 'ceil',
    ];
    for (const name of documented) assert.ok(FUNCTIONS.has(name), name);
    // randomString only appears in a template-nodes.md example.
    assert.ok(FUNCTIONS.has('randomString'));
    assert.equal(FUNCTIONS.size, documented.length + 1);
  });

  it('takes arity from the docs table', () => {
    const expected: [string, number, number][] = [
      ['randomSecret', 1, 2], // encoding defaults to base64
      ['date', 0, 1], // format is optional
      ['toBase64', 1, 1],
      ['indexOf', 2, 2],
      ['replace', 3, 3],
      ['slice', 3, 3], // the table does not mark endIndex optional
      ['not', 1, 1],
      ['if', 2, 3], // else is optional
      ['and', 2, Infinity],
      ['or', 2, Infinity],
      ['eq', 2, Infinity],
      ['add', 2, Infinity],
      ['divide', 2, 2],
      ['gte', 2, 2],
      ['ceil', 1, 1],
    ];
    for (const [name, min, max] of expected) {
      assert.equal(minArity(fn(name)), min, `${name} min`);
      assert.equal(maxArity(fn(name)), max, `${name} max`);
    }
  });

  it('renders signatures', () => {
    assert.equal(signatureOf(fn('randomSecret')), 'randomSecret(length: number, encoding?: string): string');
    assert.equal(signatureOf(fn('if')), 'if(boolean: boolean, then: any, else?: any): any');
    assert.equal(signatureOf(fn('and')), 'and(boolean1: boolean, boolean2: boolean, ...): boolean');
    assert.equal(signatureOf(fn('date')), 'date(format?: string): string');
    assert.equal(signatureOf(fn('length')), 'length(string: string): number');
  });

  it('gives every function a description and an example calling it', () => {
    for (const [name, info] of FUNCTIONS) {
      assert.equal(info.name, name);
      assert.ok(info.description.trim().length > 0, name);
      assert.ok(info.example.startsWith('${') && info.example.endsWith('}'), `${name}: ${info.example}`);
      const first = /fn\.([A-Za-z0-9_]+)\(/.exec(info.example);
      assert.equal(first?.[1], name, `${name}: ${info.example}`);
      for (const param of info.params) assert.ok(param.description.length > 0, `${name}.${param.name}`);
    }
  });

  it('keeps optional parameters after required ones', () => {
    for (const info of FUNCTIONS.values()) {
      const firstOptional = info.params.findIndex((param) => param.optional);
      if (firstOptional >= 0) assert.ok(info.params.slice(firstOptional).every((param) => param.optional), info.name);
      if (info.variadic) assert.equal(firstOptional, -1, info.name);
    }
  });
});

describe('catalogue: node kinds', () => {
  // The node union of api/get-release-flow.md (`spec`), plus OpenTofuDestroy from `teardownSpec`.
  const apiKinds = [
    'Workflow', 'RolloutStrategy', 'AddonBackup', 'AddonImport', 'Build', 'JobRun', 'LoopWorkflow', 'Action',
    'Condition', 'Release', 'Message', 'LoopData', 'SecretInheritance', 'Approval', 'RunTemplate', 'OpenTofuDestroy',
  ];

  it('lists every release-flow kind of get-release-flow.md', () => {
    for (const kind of apiKinds) assert.ok(RELEASE_FLOW_KINDS.has(kind), kind);
    assert.equal(RELEASE_FLOW_KINDS.size, apiKinds.length);
    for (const kind of TEARDOWN_ONLY_KINDS) assert.ok(RELEASE_FLOW_KINDS.has(kind), kind);
  });

  it('keeps template-only kinds apart from release-flow kinds', () => {
    for (const kind of TEMPLATE_ONLY_KINDS) assert.ok(!RELEASE_FLOW_KINDS.has(kind), kind);
    for (const kind of ['DeploymentService', 'CombinedService', 'BuildService', 'Addon', 'SecretGroup', 'Project', 'Pipeline']) {
      assert.ok(TEMPLATE_ONLY_KINDS.has(kind), kind);
    }
  });

  it('describes each kind', () => {
    for (const [kind, info] of RELEASE_FLOW_KINDS) {
      assert.equal(info.kind, kind);
      assert.ok(info.title && info.summary && info.docs && info.outputsSource, kind);
      if (info.outputs.length === 0) assert.ok(!outputsComplete(kind), kind);
    }
  });

  it('has the condition values of the API', () => {
    const condition = (kind: string) => RELEASE_FLOW_KINDS.get(kind)?.conditionValues;
    assert.deepEqual(condition('Release'), ['running']);
    for (const kind of ['Build', 'JobRun', 'AddonBackup', 'AddonImport', 'RunTemplate', 'OpenTofuDestroy']) {
      assert.deepEqual(condition(kind), ['success'], kind);
    }
    for (const kind of ['Workflow', 'Action', 'Condition', 'Message', 'Approval']) assert.deepEqual(condition(kind), [], kind);
  });

  it('exposes the documented outputs', () => {
    const outputs = (kind: string): OutputProperty[] => RELEASE_FLOW_KINDS.get(kind)?.outputs ?? [];
    for (const name of ['id', 'branch', 'sha', 'pullRequestId', 'status', 'concluded']) {
      assert.ok(outputsAt(outputs('Build'), [name]), `Build.${name}`);
    }
    assert.equal((outputsAt(outputs('AddonBackup'), ['config', 'addonVersion']) as OutputProperty).type, 'string');
    assert.ok(outputsAt(outputs('AddonBackup'), ['addonId']));
    assert.ok(outputsAt(outputs('JobRun'), ['id']));
    assert.deepEqual(TRIGGER_OUTPUTS.map((p) => p.name), ['branch', 'sha', 'repoUrl', 'pullRequestId']);
  });
});

describe('catalogue: outputsAt', () => {
  // A service-like shape (the docs' `${refs.<service>.ports.0.dns}`): no release-flow kind has arrays.
  const service: OutputProperty[] = [
    { name: 'id', type: 'string', description: 'ID' },
    {
      name: 'ports',
      type: 'array',
      description: 'Ports',
      children: [
        { name: 'dns', type: 'string', description: 'DNS' },
        { name: 'internalPort', type: 'number', description: 'Port' },
      ],
    },
    { name: 'tags', type: 'array', description: 'Tags without catalogued elements' },
  ];

  it('indexes arrays with numeric segments', () => {
    assert.equal((outputsAt(service, ['ports', '0', 'dns']) as OutputProperty).name, 'dns');
    assert.equal((outputsAt(service, ['ports', '12', 'internalPort']) as OutputProperty).type, 'number');
    const element = outputsAt(service, ['ports', '0']) as OutputProperty;
    assert.equal(element.type, 'object');
    assert.equal(outputsAt(service, ['ports', 'dns']), undefined);
    assert.equal(outputsAt(service, ['ports', '0', 'nope']), undefined);
    assert.equal(outputsAt(service, ['tags', '0', 'name']), 'unknown-shape');
  });

  it('returns undefined for missing properties and paths below scalars', () => {
    const build = RELEASE_FLOW_KINDS.get('Build')?.outputs ?? [];
    assert.equal(outputsAt(build, ['nope']), undefined);
    assert.equal(outputsAt(build, ['registry', 'nope']), undefined);
    assert.equal(outputsAt(build, ['id', 'length']), undefined);
    assert.equal(outputsAt(build, []), undefined);
    assert.equal((outputsAt(build, ['registry', 'uri']) as OutputProperty).type, 'string');
  });

  it("returns 'unknown-shape' below uncatalogued objects", () => {
    const run = RELEASE_FLOW_KINDS.get('RunTemplate')?.outputs ?? [];
    assert.equal((outputsAt(run, ['refs']) as OutputProperty).type, 'object');
    assert.equal(outputsAt(run, ['refs', 'migrate', 'id']), 'unknown-shape');
    assert.equal(outputsAt(run, ['arguments', 'NAME']), 'unknown-shape');
  });
});
