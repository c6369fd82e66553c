/**
 * `releaseFlow/platformPipeline`: the editor sends the pipeline it read from
 * Northflank for a flow, and the server checks the flow against it instead
 * of the local description; without a pipeline, the local one is used again.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FLOW_ENVIRONMENT_NOTIFICATION, PLATFORM_PIPELINE_NOTIFICATION, type FlowEnvironmentParams, type PlatformPipelineParams } from '../../core/language/protocol';
import { flowText } from '../language/helpers';
import { TestClient } from './client';

const FLOW = flowText([], ['{ "kind": "Release", "ref": "deploy", "spec": { "type": "build", "origin": { "id": "builder", "build": "b1" }, "target": { "id": "api-on-platform", "type": "service" } } }']) + '\n';

describe('language server: pipeline checks against the platform pipeline', function () {
  this.timeout(20000);
  let dir: string;
  let uri: string;
  let client: TestClient | undefined;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-lsp-nf-'));
    await fs.mkdir(path.join(dir, '.git'));
    await fs.mkdir(path.join(dir, '.northflank'));
    // The local description does not know the service the flow releases to.
    await fs.writeFile(path.join(dir, '.northflank', 'pipeline.json'), JSON.stringify({ stages: [{ name: 'Development', resources: [{ id: 'api-local', type: 'service' }] }, { name: 'Staging', resources: [] }, { name: 'Production', resources: [] }] }));
    const file = path.join(dir, 'release-development.json');
    await fs.writeFile(file, FLOW);
    uri = pathToFileURL(file).href;
  });
  after(async () => {
    client?.kill();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const codes = async (version: number): Promise<string[]> => (await (client as TestClient).diagnostics(uri, version)).diagnostics.map((d) => String(d.code));
  /** The environment notifications, until one says the pipeline comes from `source` (earlier ones may still be queued). */
  const environmentFrom = async (source: string): Promise<FlowEnvironmentParams> => {
    for (;;) {
      const params = (await (client as TestClient).notification(FLOW_ENVIRONMENT_NOTIFICATION)) as FlowEnvironmentParams;
      if (params.pipelineFile === source) return params;
    }
  };
  /** A no-op edit: the next diagnostics come with a new version. */
  const touch = (version: number): Promise<void> => (client as TestClient).change(uri, version, [{ text: FLOW }]);

  it('uses the platform pipeline while the editor sends one, and the local description again without', async () => {
    client = (await TestClient.start()).client;
    await client.open(uri, FLOW, 1);
    assert.deepEqual(await codes(1), ['pipeline-target']);
    await client.notification(FLOW_ENVIRONMENT_NOTIFICATION);

    const platform: PlatformPipelineParams = {
      uri,
      source: 'Northflank shop/shop-pipeline',
      pipeline: { stages: [{ name: 'Development', index: 0, resources: [{ id: 'api-on-platform', type: 'service' }], releaseFlowFilePath: '/release-development.json' }, { name: 'Staging', index: 1, resources: [] }, { name: 'Production', index: 2, resources: [] }] },
    };
    await client.connection.sendNotification(PLATFORM_PIPELINE_NOTIFICATION, platform);
    const environment = await environmentFrom('Northflank shop/shop-pipeline');
    assert.equal(environment.stage, 'Development');
    await touch(2);
    assert.deepEqual(await codes(2), []);

    await client.connection.sendNotification(PLATFORM_PIPELINE_NOTIFICATION, { uri });
    await environmentFrom(path.join(dir, '.northflank', 'pipeline.json'));
    await touch(3);
    assert.deepEqual(await codes(3), ['pipeline-target']);
  });
});
