/**
 * What every command shares: mistyped commands, actions and options get a
 * did-you-mean; hints name the CLI as the user can type it; the help texts
 * say what the README says.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../cli/main';
import { commandNameFor } from '../../cli/io';
import { RunPrinter } from '../../cli/runView';

const repoRoot = path.join(__dirname, '../../..');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (l) => stdout.push(l), err: (l) => stderr.push(l), cwd: repoRoot });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('release-flow (every command)', () => {
  it('suggests the command meant by a mistyped one, in one line', async () => {
    const typo = await cli(['valdate', 'x.json']);
    assert.equal(typo.code, 2);
    assert.equal(typo.stderr, "release-flow: unknown command 'valdate'. Did you mean 'validate'? ('release-flow --help' lists the commands.)");
    assert.match((await cli(['trigers'])).stderr, /Did you mean 'triggers'\?/);
    const unrelated = await cli(['deploy']);
    assert.equal(unrelated.code, 2);
    assert.match(unrelated.stderr, /^release-flow: unknown command 'deploy'\.\n\nrelease-flow .*\n\nUsage: release-flow <command>/, 'no likely command: the usage');
  });

  it('suggests the action and the option meant', async () => {
    const action = await cli(['runs', 'lst']);
    assert.equal(action.code, 2);
    assert.match(action.stderr, /^release-flow runs: Unknown action 'lst': use list, show or rollback\. Did you mean 'list'\?/);
    const option = await cli(['graph', 'examples/release-development.json', '--formt', 'svg']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /^release-flow graph: unknown option '--formt'\. Did you mean '--format'\?\n\nUsage: release-flow graph/);
    assert.match((await cli(['validate', '--jsn'])).stderr, /^release-flow validate: unknown option '--jsn'\.\n/, 'nothing close: no suggestion');
  });

  it("names the CLI as the user's shell can run it", () => {
    const onPath = (folder: string) => (file: string): boolean => file === `${folder}/release-flow`;
    assert.equal(commandNameFor({ PATH: '/usr/bin:/usr/local/bin' }, onPath('/usr/local/bin'), 'linux'), 'release-flow');
    assert.equal(commandNameFor({ PATH: '/usr/bin:/bin' }, onPath('/usr/local/bin'), 'linux'), 'npx release-flow', 'a clone: not installed');
    assert.equal(commandNameFor({ PATH: '/repo/node_modules/.bin:/usr/local/bin', npm_command: 'run-script', npm_lifecycle_event: 'demo' }, onPath('/usr/local/bin'), 'linux'), 'npx release-flow', 'npm run demo');
    assert.equal(commandNameFor({ PATH: '/tmp/npx/.bin:/usr/bin', npm_command: 'exec' }, onPath('/tmp/npx/.bin'), 'linux'), 'npx release-flow', 'npx adds a folder the shell lacks');
    assert.equal(commandNameFor({ Path: 'C:\\tools;C:\\npm' }, (file) => file === 'C:\\npm/release-flow.cmd', 'win32'), 'release-flow');
  });

  it("prints the run's history hint with that name", async () => {
    // `runs show` in a repository without runs says so; the hint's name comes from io.command (set by the binary).
    const stdout: string[] = [];
    const io = { out: (l: string) => stdout.push(l), err: () => undefined, cwd: repoRoot, command: 'npx release-flow' };
    const printer = new RunPrinter(io);
    printer.handle({ type: 'run-finished', runId: '0123456789abcdef', status: 'success', durationMs: 1200, stageState: { stage: 'Development', resources: [], addons: [] } } as never);
    assert.equal(stdout[stdout.length - 1], '\nHistory: npx release-flow runs show 01234567');
  });

  it('documents in --help what the README documents', async () => {
    const webhook = (await cli(['webhook', '--help'])).stdout;
    for (const status of ['200', '202', '400', '404', '405', '409', '413', '415', '422', '429']) assert.match(webhook, new RegExp(`\\b${status}\\b`), `webhook --help names ${status}`);
    const runs = (await cli(['runs', '--help'])).stdout;
    assert.match(runs, /runs show <id\|prefix\|latest>/);
    assert.match(runs, /runs rollback <id\|prefix\|latest>/);
  });
});
