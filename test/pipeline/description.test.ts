import * as assert from 'node:assert/strict';
import {
  findResource,
  inferStage,
  parsePipelineDescription,
  stageNameFromPath,
  type PipelineDescription,
} from '../../core/pipeline/description';

function pipelineNode(): unknown {
  const stage = (name: string, suffix: string, file?: string): unknown => ({
    name,
    nfObjects: [
      { id: `shop-api-${suffix}`, type: 'service' },
      { id: `shop-migrate-${suffix}`, type: 'job' },
      { id: `shop-db-${suffix}`, type: 'addon' },
    ],
    ...(file
      ? {
          releaseFlow: {
            kind: 'ReleaseFlow',
            spec: {
              apiVersion: 'v1.2',
              gitops: { vcsService: 'github', repoUrl: 'https://github.com/example-org/shop', branch: 'main', filePath: file },
            },
          },
        }
      : {}),
  });
  return {
    kind: 'Pipeline',
    ref: 'shop-pipeline',
    spec: {
      name: 'shop',
      stages: [
        stage('Development', 'dev', '/flows/dev-flow.json'),
        stage('Staging', 'staging', '/release-staging.json'),
        stage('Production', 'prod'),
      ],
    },
  };
}

function parsed(value: unknown): PipelineDescription {
  const result = parsePipelineDescription(JSON.stringify(value, null, 2));
  assert.deepEqual(result.errors, []);
  assert.ok(result.pipeline);
  return result.pipeline;
}

describe('parsePipelineDescription', () => {
  it('reads the template Pipeline node format', () => {
    const p = parsed(pipelineNode());
    assert.equal(p.name, 'shop');
    assert.deepEqual(
      p.stages.map((s) => [s.name, s.index, s.releaseFlowFilePath]),
      [
        ['Development', 0, '/flows/dev-flow.json'],
        ['Staging', 1, '/release-staging.json'],
        ['Production', 2, undefined],
      ],
    );
    assert.deepEqual(p.stages[1]?.resources, [
      { id: 'shop-api-staging', type: 'service' },
      { id: 'shop-migrate-staging', type: 'job' },
      { id: 'shop-db-staging', type: 'addon' },
    ]);
    assert.equal('releaseFlowFilePath' in (p.stages[2] ?? {}), false);
  });

  it('reads a bare pipeline spec', () => {
    const node = pipelineNode() as { spec: unknown };
    const p = parsed(node.spec);
    assert.equal(p.stages.length, 3);
    assert.equal(p.stages[0]?.releaseFlowFilePath, '/flows/dev-flow.json');
  });

  it('reads the get-pipeline response and groups nfObjects by stage in pipeline order', () => {
    const response = {
      data: {
        name: 'shop',
        nfObjects: [
          { id: 'shop-api-prod', type: 'service', stage: 'Production' },
          { id: 'shop-api-dev', type: 'service', stage: 'Development' },
          { id: 'shop-db-prod', type: 'addon', stage: 'Production' },
          { id: 'shop-migrate-dev', type: 'job', stage: 'Development' },
        ],
      },
    };
    const p = parsed(response);
    assert.equal(p.name, 'shop');
    assert.deepEqual(
      p.stages.map((s) => [s.name, s.index, s.resources.map((r) => r.id)]),
      [
        ['Development', 0, ['shop-api-dev', 'shop-migrate-dev']],
        ['Staging', 1, []],
        ['Production', 2, ['shop-api-prod', 'shop-db-prod']],
      ],
    );
  });

  it('reads the CLI form of get-pipeline ({ name, nfObjects })', () => {
    const p = parsed({ name: 'example-pipeline', nfObjects: [{ id: 'example-service', type: 'service', stage: 'production' }] });
    assert.deepEqual(p.stages.find((s) => s.name === 'Production')?.resources, [{ id: 'example-service', type: 'service' }]);
  });

  it('orders stages Development, Staging, Production whatever the file order', () => {
    const p = parsed({ stages: [{ name: 'Production' }, { name: 'development' }, { name: 'Staging' }] });
    assert.deepEqual(
      p.stages.map((s) => [s.name, s.index]),
      [
        ['Development', 0],
        ['Staging', 1],
        ['Production', 2],
      ],
    );
  });

  it('gives an error, not an exception, for malformed JSON', () => {
    for (const text of ['{ "kind": "Pipeline", ', '{ "stages": [ ], }', '// comment\n{}', '', 'null', '[1, 2]', '"text"']) {
      let result;
      assert.doesNotThrow(() => {
        result = parsePipelineDescription(text);
      }, text);
      assert.ok(result);
      const { pipeline, errors } = result as ReturnType<typeof parsePipelineDescription>;
      assert.equal(pipeline, undefined, text);
      assert.ok(errors.length > 0, text);
    }
    const { errors } = parsePipelineDescription('{\n  "stages": [\n    { "name": "Staging" }\n    { "name": "Production" }\n  ]\n}');
    assert.match(errors[0] ?? '', /invalid JSON at line 4, column 5: CommaExpected/);
  });

  it('explains input that is JSON but not a pipeline', () => {
    const other = parsePipelineDescription(JSON.stringify({ kind: 'Workflow', spec: {} }));
    assert.equal(other.pipeline, undefined);
    assert.match(other.errors[0] ?? '', /expected a Pipeline node.*found kind "Workflow"/);
    const unrelated = parsePipelineDescription(JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow' } }));
    assert.equal(unrelated.pipeline, undefined);
    assert.match(unrelated.errors[0] ?? '', /not a pipeline description/);
  });

  it('reports bad entries with their path and keeps the rest', () => {
    const result = parsePipelineDescription(
      JSON.stringify({
        kind: 'Pipeline',
        spec: {
          stages: [
            {
              name: 'Development',
              nfObjects: [{ id: 'shop-api-dev', type: 'service' }, { id: 'shop-builder', type: 'build' }, 'shop-db-dev', { type: 'job' }],
              releaseFlow: { kind: 'ReleaseFlow', spec: { gitops: { filePath: 'release-development.json' } } },
            },
            { name: 'QA' },
            { nfObjects: [] },
            { name: 'Staging', nfObjects: {} },
          ],
        },
      }),
    );
    assert.ok(result.pipeline);
    assert.deepEqual(result.pipeline.stages[0]?.resources, [{ id: 'shop-api-dev', type: 'service' }]);
    assert.deepEqual(
      result.pipeline.stages.map((s) => s.name),
      ['Development', 'Staging', 'QA'],
    );
    const all = result.errors.join('\n');
    assert.match(all, /spec\.stages\[0\]\.nfObjects\[1\]: "type" of shop-builder .*build services are not added to pipelines/);
    assert.match(all, /spec\.stages\[0\]\.nfObjects\[2\]: expected an object/);
    assert.match(all, /spec\.stages\[0\]\.nfObjects\[3\]: "id" must be a non-empty string/);
    assert.match(all, /spec\.stages\[0\]\.releaseFlow\.spec\.gitops\.filePath: "release-development\.json" is not a repository path/);
    assert.match(all, /spec\.stages\[1\]\.name: unknown stage "QA"/);
    assert.match(all, /spec\.stages\[2\]\.name: stage name must be a non-empty string/);
    assert.match(all, /spec\.stages\[3\]\.nfObjects: expected an array/);
  });
});

describe('stageNameFromPath', () => {
  const cases: [string, string | undefined][] = [
    ['release-staging.json', 'Staging'],
    ['/release-development.json', 'Development'],
    ['release/production.json', 'Production'],
    ['/release/Staging.json', 'Staging'],
    ['deploy/northflank/release-production.json', 'Production'],
    ['infra/release/development.json', 'Development'],
    ['infra\\release\\development.json', 'Development'],
    ['./examples/RELEASE-STAGING.JSON', 'Staging'],
    ['release-dev.json', 'Development'],
    ['release-stg.json', 'Staging'],
    ['release/prod.json', 'Production'],
    ['staging.json', undefined],
    ['releases/staging.json', undefined],
    ['release-qa.json', undefined],
    ['release-staging.yaml', undefined],
    ['prerelease-staging.json', undefined],
    ['release-staging-2.json', undefined],
    ['release/staging/flow.json', undefined],
    ['release.json', undefined],
    ['', undefined],
  ];
  for (const [path, expected] of cases) {
    it(`${JSON.stringify(path)} -> ${expected ?? 'no stage'}`, () => {
      assert.equal(stageNameFromPath(path), expected);
    });
  }
});

describe('inferStage', () => {
  const pipeline = parsed(pipelineNode());

  it('prefers the stage whose releaseFlow lists the file path', () => {
    // The file name says production, but the pipeline lists this path for Staging.
    const p = parsed({
      stages: [
        { name: 'Development' },
        { name: 'Staging', releaseFlow: { kind: 'ReleaseFlow', spec: { gitops: { filePath: '/release-production.json' } } } },
        { name: 'Production' },
      ],
    });
    const r = inferStage(p, 'release-production.json', '/release-development.json');
    assert.equal(r.stage?.name, 'Staging');
    assert.equal(r.previous?.name, 'Development');
    assert.equal(r.reason, 'pipeline stage Staging lists releaseFlow /release-production.json');
  });

  it('matches the repo path with or without a leading slash or ./', () => {
    for (const path of ['flows/dev-flow.json', '/flows/dev-flow.json', './flows/dev-flow.json']) {
      const r = inferStage(pipeline, path, undefined);
      assert.equal(r.stage?.name, 'Development', path);
      assert.equal(r.previous, undefined);
    }
  });

  it('then uses the flow gitops.filePath: a stage listing it first', () => {
    const r = inferStage(pipeline, 'copies/release-production.json', '/flows/dev-flow.json');
    assert.equal(r.stage?.name, 'Development');
    assert.match(r.reason, /lists releaseFlow \/flows\/dev-flow\.json \(the flow's gitops\.filePath\)/);
  });

  it('then the stage named by the gitops.filePath, before the file name', () => {
    const r = inferStage(pipeline, 'copies/release-development.json', '/release/production.json');
    assert.equal(r.stage?.name, 'Production');
    assert.equal(r.previous?.name, 'Staging');
    assert.match(r.reason, /gitops\.filePath \/release\/production\.json names stage Production/);
  });

  it('then the file name', () => {
    const r = inferStage(pipeline, 'deploy/release-production.json', undefined);
    assert.equal(r.stage?.name, 'Production');
    assert.equal(r.previous?.name, 'Staging');
    assert.equal(r.reason, 'file name release-production.json');
    const nested = inferStage(pipeline, 'deploy/release/production.json', '/somewhere/flow.json');
    assert.equal(nested.stage?.name, 'Production');
    assert.equal(nested.reason, 'file name release/production.json');
  });

  it('compares stage names case-insensitively', () => {
    const p = parsed({ stages: [{ name: 'development' }, { name: 'STAGING' }] });
    const r = inferStage(p, 'release-staging.json', undefined);
    assert.equal(r.stage?.name, 'Staging');
    assert.equal(r.previous?.name, 'Development');
  });

  it('gives previous = the stage before, none for the first', () => {
    assert.equal(inferStage(pipeline, 'release-development.json', undefined).previous, undefined);
    assert.equal(inferStage(pipeline, 'release-staging.json', undefined).previous?.name, 'Development');
    assert.equal(inferStage(pipeline, 'release-production.json', undefined).previous?.name, 'Staging');
  });

  it('explains when nothing matches', () => {
    const none = inferStage(pipeline, 'flows/other.json', '/flows/other.json');
    assert.equal(none.stage, undefined);
    assert.equal(none.previous, undefined);
    assert.match(none.reason, /no pipeline stage lists \/flows\/other\.json/);
    const missing = inferStage(parsed({ stages: [{ name: 'Development' }] }), 'release-production.json', undefined);
    assert.equal(missing.stage, undefined);
    assert.match(missing.reason, /names stage Production, which the pipeline does not have/);
    assert.match(inferStage(pipeline, undefined, undefined).reason, /no file path/);
  });
});

describe('findResource', () => {
  it('finds a stage resource by id', () => {
    const p = parsed(pipelineNode());
    const staging = p.stages[1];
    assert.ok(staging);
    assert.deepEqual(findResource(staging, 'shop-migrate-staging'), { id: 'shop-migrate-staging', type: 'job' });
    assert.equal(findResource(staging, 'shop-api-dev'), undefined);
  });
});
