/** `release-flow graph <file> --diff-against platform`: the flow on the (fake) platform as the version compared with. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/main';
import { FakePlatform } from '../../core/northflank/fakePlatform';
import { writeLink } from '../../core/northflank/target';

const TOKEN = 'graph-test-token';
const WHERE = { project: 'shop', pipeline: 'shop-pipeline', stage: 'Development' };
const flow = (steps: unknown[]): Record<string, unknown> => ({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } });
const build = (ref: string, branch = 'main'): unknown => ({ kind: 'Build', ref, spec: { id: 'builder', branch } });

describe('release-flow graph --diff-against platform', function () {
  this.timeout(20000);
  let dir: string;
  let platform: FakePlatform;
  const cli = async (args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(args, { out: (l) => stdout.push(l), err: (l) => stderr.push(l), cwd: dir, env: { HOME: dir, RELEASE_FLOW_RETRY_MS: '0', ...env } });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  };

  before(async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-graph-nf-')));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    await fs.writeFile(path.join(dir, 'release-development.json'), JSON.stringify(flow([build('a', 'develop'), build('fresh')]), null, 2));
    await writeLink(dir, '/release-development.json', { project: 'shop', pipeline: 'shop-pipeline' });
    platform = await FakePlatform.start({ tokens: [TOKEN] });
    platform.setFlow(WHERE, flow([build('a'), build('gone')]));
  });
  after(async () => {
    await platform.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('draws what changed since the platform\'s flow, with the token and API as the remote commands take them', async () => {
    const result = await cli(['graph', 'release-development.json', '--diff-against', 'platform', '--format', 'mermaid'], { NORTHFLANK_TOKEN: TOKEN, NORTHFLANK_API_URL: platform.url });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /1 added, 1 removed, 1 changed since platform/);
    assert.match(result.stdout, /~ changed: spec\.branch/);
    assert.ok(platform.log.every((r) => r.authorization === `Bearer ${TOKEN}`));
    assert.doesNotMatch(result.stdout + result.stderr, new RegExp(TOKEN));
  });

  it('exits 2 without a token, 6 when the platform refuses', async () => {
    const noToken = await cli(['graph', 'release-development.json', '--diff-against', 'platform'], { NORTHFLANK_API_URL: platform.url });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /--diff-against platform: No Northflank API token/);
    const refused = await cli(['graph', 'release-development.json', '--diff-against', 'platform'], { NORTHFLANK_TOKEN: 'wrong-token', NORTHFLANK_API_URL: platform.url });
    assert.equal(refused.code, 6);
    assert.match(refused.stderr, /--diff-against platform: The platform rejected the API token from NORTHFLANK_TOKEN \(401/);
  });
});
