import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { main } from '../../cli/main';
import type { RunnerEvent } from '../../core/runs/events';
import { STATE_FOLDER, type RunRecord } from '../../core/runs/store';
import { examplesDir, removeDir, repoRoot, tempRepo } from '../runner/helpers';

const SCENARIO = { durations: { request: '300ms', Build: '1h', default: 0, Release: 0 }, retryDelay: 0 };

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (l) => (stdout += l + '\n'), err: (l) => (stderr += l + '\n'), cwd });
  return { code, stdout, stderr };
}

describe('runner: crash recovery (a real process killed mid-run)', function () {
  this.timeout(30_000);
  let repo: string;

  beforeEach(async () => {
    repo = await tempRepo({ 'release-development.json': await fs.readFile(path.join(examplesDir, 'release-development.json'), 'utf8'), 'slow.json': JSON.stringify(SCENARIO) });
  });
  afterEach(async () => removeDir(repo));

  it('reports a run killed with SIGKILL as interrupted at the next start, with the history intact', async () => {
    await fs.writeFile(path.join(repo, 'instant.json'), JSON.stringify({ durations: { request: 0, default: 0, Build: 0, Release: 0 } }));
    assert.equal((await cli(['run', 'release-development.json', '--scenario', 'instant.json', '--name', 'Earlier run'], repo)).code, 0);
    const runsFolder = path.join(repo, STATE_FOLDER, 'runs');
    const [earlierFile] = (await fs.readdir(runsFolder)).filter((name) => !name.endsWith('.summary.json'));
    const earlier = await fs.readFile(path.join(runsFolder, earlierFile as string), 'utf8');

    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/release-flow.js'), 'run', 'release-development.json', '--json', '--scenario', 'slow.json'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let runId: string | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as RunnerEvent;
      if (event.type === 'run-started') runId = event.runId;
      // The build waits for an hour: kill the process while it does.
      if (event.type === 'node-status' && event.ref === 'build' && event.status === 'waiting') {
        child.kill('SIGKILL');
        break;
      }
    }
    assert.equal(await exited, 'SIGKILL');
    assert.ok(runId);

    const list = await cli(['runs', 'list', '--json'], repo);
    assert.equal(list.code, 0);
    assert.match(list.stderr, new RegExp(`run ${runId.slice(0, 8)} of release-development.json was interrupted`));
    const { runs } = JSON.parse(list.stdout) as { runs: { id: string; status: string; name?: string }[] };
    assert.deepEqual(runs.map((r) => [r.id === runId ? 'killed' : r.name, r.status]), [['killed', 'interrupted'], ['Earlier run', 'success']]);
    assert.equal(await fs.readFile(path.join(runsFolder, earlierFile as string), 'utf8'), earlier, 'the earlier run is byte for byte intact');

    const record = JSON.parse((await cli(['runs', 'show', runId, '--json'], repo)).stdout) as RunRecord;
    assert.equal(record.status, 'interrupted');
    assert.equal(record.nodes.length, 5, 'the node list was recorded when the run started');
    const build = record.nodes.find((n) => n.ref === 'build');
    assert.deepEqual(build?.history.map((h) => h.status).slice(0, 1), ['running'], 'the status changes written before the kill are kept');
    assert.deepEqual(record.nodes.filter((n) => n.ref?.startsWith('deploy')).map((n) => n.status), ['pending', 'pending']);
    assert.equal((await cli(['runs', 'list', '--json'], repo)).stderr, '', 'an interrupted run is reported once');
  });
});
