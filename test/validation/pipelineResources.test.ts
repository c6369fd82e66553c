import * as assert from 'node:assert/strict';
import { pipelineResourcesValidator } from '../../core/validation/pipelineResources';
import { check, clean, diag, flow, node, pipeline, type RunOptions } from './helpers';

const PIPELINE = pipeline({
  Development: [{ id: 'api', type: 'service' }, { id: 'migrate', type: 'job' }, { id: 'db', type: 'addon' }],
  Staging: [{ id: 'api-staging', type: 'service' }, { id: 'migrate-staging', type: 'job' }, { id: 'db-staging', type: 'addon' }],
  Production: [{ id: 'api-prod', type: 'service' }],
});
const STAGING: RunOptions = { pipeline: PIPELINE, repoPath: '/release-staging.json' };
const DEVELOPMENT: RunOptions = { pipeline: PIPELINE, repoPath: '/release/development.json' };

const release = (target: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown =>
  node('Release', undefined, { type: 'build', origin: { id: 'api-builder', branch: 'main', build: 'latest' }, target, ...extra });
const promote = (origin: Record<string, unknown>, target: Record<string, unknown> = { id: 'api-staging', type: 'service' }): unknown =>
  node('Release', undefined, { type: 'deployment', origin, target });

describe('pipelineResources validator', () => {
  it('accepts targets of this stage, promotion origins of the previous stage, and this stage\'s job and addon', () => {
    clean(
      pipelineResourcesValidator,
      flow({
        steps: [
          release({ id: 'api-staging', type: 'service' }),
          release({ id: 'migrate-staging', type: 'job' }),
          promote({ id: 'api', type: 'service' }),
          node('JobRun', undefined, { jobId: 'migrate-staging' }),
          node('AddonBackup', undefined, { addonId: 'db-staging' }),
          release({ id: '${args.TARGET}', type: 'service' }),
          node('Action', undefined, { kind: 'Service', spec: { type: 'restart', data: { serviceId: 'not-in-pipeline' } } }),
        ],
      }),
      STAGING,
    );
  });

  it('says nothing without a pipeline, or when no stage can be inferred', () => {
    const text = flow({ steps: [release({ id: 'nowhere', type: 'service' })] });
    clean(pipelineResourcesValidator, text, { repoPath: '/release-staging.json' });
    clean(pipelineResourcesValidator, text, { pipeline: PIPELINE, repoPath: '/flows/main.json' });
  });

  it('flags a target of another stage, with a suggestion, the stage\'s resources and how the stage was found', () => {
    const [d] = check(pipelineResourcesValidator, flow({ steps: [release({ id: 'api-stagin', type: 'service' })] }), [
      diag('pipeline-target', 'error', '"api-stagin"',
        /^Target of the Release node: 'api-stagin' is not a service of the Staging stage\. Did you mean 'api-staging'\? Staging has: api-staging\. \(Stage from file name release-staging\.json\.\)$/),
    ], STAGING);
    assert.deepEqual(d?.data, { name: 'api-stagin', suggestion: 'api-staging' });
    check(pipelineResourcesValidator, flow({ steps: [release({ id: 'api', type: 'service' })] }), [
      diag('pipeline-target', 'error', '"api"', /'api' is not a service of the Staging stage\. Staging has: api-staging\./),
    ], STAGING);
  });

  it('flags a target of the wrong type', () => {
    check(pipelineResourcesValidator, flow({ steps: [release({ id: 'migrate-staging', type: 'service' })] }), [
      diag('pipeline-target', 'error', '"migrate-staging"', /'migrate-staging' is a job in Staging, not a service\./),
    ], STAGING);
  });

  it('flags a promotion origin that is not in the previous stage, or has the wrong type', () => {
    check(pipelineResourcesValidator, flow({ steps: [promote({ id: 'api-staging', type: 'service' }), promote({ id: 'migrate', type: 'service' })] }), [
      diag('pipeline-origin', 'error', '"api-staging"', /^Promotion origin of the Release node: 'api-staging' is not a service of the Development stage\. Development has: api\./),
      diag('pipeline-origin', 'error', '"migrate"', /'migrate' is a job in Development, not a service\./),
    ], STAGING);
  });

  it('flags a promotion in the first stage', () => {
    check(pipelineResourcesValidator, flow({ steps: [promote({ id: 'api', type: 'service' }, { id: 'api', type: 'service' })] }), [
      diag('pipeline-origin', 'error', '"api"', /Promotion origin 'api' must come from the stage before Development, but Development is the first stage of the pipeline\./),
    ], DEVELOPMENT);
  });

  it('warns about a JobRun job or AddonBackup addon of another stage', () => {
    check(pipelineResourcesValidator, flow({ steps: [node('JobRun', undefined, { jobId: 'migrate' }), node('AddonBackup', undefined, { addonId: 'db-stagign' })] }), [
      diag('pipeline-target', 'warning', '"migrate"', /^Job of the JobRun node: 'migrate' is not a job of the Staging stage\. Staging has: migrate-staging\./),
      diag('pipeline-target', 'warning', '"db-stagign"', /^Addon of the AddonBackup node: .*Did you mean 'db-staging'\?/),
    ], STAGING);
  });

  it('infers the stage from gitops.filePath when the repository path is unknown', () => {
    check(pipelineResourcesValidator, flow({ gitops: { filePath: '/release-production.json' }, steps: [release({ id: 'api-staging', type: 'service' })] }), [
      diag('pipeline-target', 'error', '"api-staging"', /not a service of the Production stage\..*\(Stage from gitops\.filePath \/release-production\.json names stage Production\.\)/),
    ], { pipeline: PIPELINE });
  });
});
