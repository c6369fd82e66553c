import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { inferStage, parsePipelineDescription } from '../core/pipeline/description';

// Compiled tests run from out/test; the sources' examples are two levels up.
const repoRoot = path.join(__dirname, '../..');
const examplesDir = path.join(repoRoot, 'examples');

function strictParse(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  assert.deepEqual(
    errors.map((e) => `${printParseErrorCode(e.error)} at offset ${e.offset}`),
    [],
    `${path.relative(repoRoot, file)} is not strict JSON`,
  );
  return value;
}

const flowFiles = fs
  .readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const pipelineFile = path.join(examplesDir, '.northflank', 'pipeline.json');

describe('examples', () => {
  it('has the three stage release flows', () => {
    assert.deepEqual(flowFiles, ['release-development.json', 'release-production.json', 'release-staging.json']);
  });

  for (const file of [...flowFiles, '.northflank/pipeline.json']) {
    it(`${file} is strict JSON`, () => {
      strictParse(path.join(examplesDir, file));
    });
  }

  for (const file of flowFiles) {
    it(`${file} syncs to its own path with GitOps`, () => {
      const flow = strictParse(path.join(examplesDir, file)) as { apiVersion?: unknown; gitops?: { filePath?: unknown } };
      assert.equal(flow.apiVersion, 'v1.2');
      assert.equal(flow.gitops?.filePath, `/examples/${file}`);
    });
  }

  it('.northflank/pipeline.json describes 3 stages, each pointing at an existing example', () => {
    const result = parsePipelineDescription(fs.readFileSync(pipelineFile, 'utf8'));
    assert.deepEqual(result.errors, []);
    assert.ok(result.pipeline);
    assert.equal(result.pipeline.name, 'shop');
    assert.deepEqual(
      result.pipeline.stages.map((s) => s.name),
      ['Development', 'Staging', 'Production'],
    );
    for (const stage of result.pipeline.stages) {
      assert.ok(stage.releaseFlowFilePath, `stage ${stage.name} has no releaseFlow gitops.filePath`);
      const onDisk = path.join(repoRoot, stage.releaseFlowFilePath);
      assert.ok(fs.existsSync(onDisk), `stage ${stage.name}: ${stage.releaseFlowFilePath} does not exist`);
      const inferred = inferStage(result.pipeline, path.relative(repoRoot, onDisk), undefined);
      assert.equal(inferred.stage?.name, stage.name);
      assert.ok(stage.resources.length > 0, `stage ${stage.name} lists no resources`);
    }
  });
});
