// `npm run demo:platform`: the fake platform (core/northflank/fakePlatform.ts) on 127.0.0.1, and
// examples/release-development.json taken through `release-flow remote` link, diff, push, run and follow,
// in a scratch copy of the examples (the repository itself is not touched). No account, no network.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { FakePlatform } = createRequire(import.meta.url)(join(root, 'out/core/northflank/fakePlatform.js'));
const token = `demo-${randomBytes(12).toString('hex')}`;
const target = { project: 'shop', pipeline: 'shop-pipeline', stage: 'Development' };
const fake = await FakePlatform.start({ tokens: [token] });

// The platform holds an older version of the flow: no migration release yet.
const flow = JSON.parse(readFileSync(join(root, 'examples/release-development.json'), 'utf8'));
const older = structuredClone(flow);
older.spec.spec.steps[1].spec.steps = older.spec.spec.steps[1].spec.steps.slice(0, 1);
fake.setFlow(target, older);
const pipeline = JSON.parse(readFileSync(join(root, 'examples/.northflank/pipeline.json'), 'utf8'));
fake.addPipeline(target, pipeline.spec.stages.flatMap((stage) => stage.nfObjects.map((o) => ({ id: o.id, type: o.type, stage: stage.name }))));

const scratch = mkdtempSync(join(tmpdir(), 'release-flow-demo-'));
cpSync(join(root, 'examples'), join(scratch, 'examples'), { recursive: true });
const git = (...args) => execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: scratch, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'examples');

const env = { ...process.env, NORTHFLANK_API_URL: fake.url, NORTHFLANK_TOKEN: token, RELEASE_FLOW_POLL_MS: '500' };
delete env.NORTHFLANK_PROJECT; delete env.NORTHFLANK_PIPELINE; delete env.NORTHFLANK_STAGE; delete env.NORTHFLANK_TEAM;
const file = 'examples/release-development.json';
const unexpected = [];
/** Runs one command as a newcomer would; an exit code other than `expected` makes the demo fail at the end. */
async function step(args, why, expected = 0) {
  process.stdout.write(`\n# ${why}\n$ release-flow ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  // Asynchronous, so that the fake platform in this process keeps answering.
  const child = spawn(process.execPath, [join(root, 'bin/release-flow.js'), ...args], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
  child.stderr.on('data', (d) => process.stderr.write(d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  process.stdout.write(`(exit ${code})\n`);
  if (code !== expected) unexpected.push(`release-flow ${args.join(' ')} exited ${code}, not ${expected}`);
  return { code, out };
}

console.log(`Fake Northflank API on ${fake.url} (token in NORTHFLANK_TOKEN, never printed); scratch copy in ${scratch}.`);
try {
  await step(['remote', 'link', file, '--project', 'shop', '--pipeline', 'shop-pipeline'], 'Save where the flow lives (a committed file, no token)');
  await step(['remote', 'diff', file], 'The file against the platform: exit 1, they differ', 1);
  await step(['remote', 'push', file, '--yes'], 'Validate, show the diff, update the platform (the flow has gitops set, hence --yes)');
  await step(['remote', 'diff', file], 'Now they are the same: exit 0');
  const started = await step(['remote', 'run', file, '--name', 'Demo run', '--no-follow'], 'Start a run on the platform');
  const id = /Started run (\S+)/.exec(started.out)?.[1];
  if (id) await step(['remote', 'runs', file, 'follow', id], 'Follow it: polls the run details, the same live tree as a local run');
  else unexpected.push('the run request printed no run id');
  await step(['runs', 'list'], 'Platform runs are recorded with local ones, marked');
  console.log(`\n${fake.log.length} requests reached the fake platform.`);
  if (unexpected.length > 0) {
    console.error(`\nThe demo did not go as it should:\n${unexpected.map((line) => `  ${line}`).join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await fake.close();
  rmSync(scratch, { recursive: true, force: true });
}
