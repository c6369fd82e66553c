import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/main';

const repoRoot = path.join(__dirname, '../../..');

interface Outcome {
  code: number;
  stdout: string[];
  stderr: string[];
}

async function cli(args: string[], cwd = repoRoot): Promise<Outcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (l) => stdout.push(...l.split('\n')), err: (l) => stderr.push(...l.split('\n')), cwd });
  return { code, stdout, stderr };
}

const flow = (steps: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ apiVersion: 'v1.2', ...extra, spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } }, null, 2) + '\n';

describe('release-flow validate', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-validate-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('shows files done / total on a terminal (stderr), erased before its output; never with --format json or in a pipe', async () => {
    await fs.mkdir(path.join(dir, 'release'));
    for (const name of ['a', 'b', 'c']) await fs.writeFile(path.join(dir, 'release', `${name}.json`), flow([]));
    await fs.writeFile(path.join(dir, 'release', 'broken.json'), '{');
    const run = async (args: string[], terminal: boolean): Promise<{ events: string[]; code: number }> => {
      const events: string[] = [];
      const code = await main(args, {
        out: (l) => events.push(`out ${l}`),
        err: (l) => events.push(`err ${l}`),
        cwd: dir,
        ...(terminal ? { progress: (text: string) => events.push(`progress ${JSON.stringify(text)}`) } : {}),
      });
      return { events, code };
    };
    const { events, code } = await run(['validate', '.'], true);
    assert.equal(code, 1);
    assert.equal(events[0], 'progress "\\r\\u001b[Ksearching . for release flows..."');
    assert.ok(events.includes('progress "\\r\\u001b[Kvalidating: 0/4 files"'), events.join('\n'));
    assert.ok(events.includes('progress "\\r\\u001b[Kvalidating: 4/4 files"'), events.join('\n'));
    const firstOutput = events.findIndex((e) => e.startsWith('out '));
    assert.equal(events[firstOutput - 1], 'progress "\\r\\u001b[K"', 'the line is erased before the report');
    assert.ok(events.slice(firstOutput).every((e) => !e.startsWith('progress')), 'nothing drawn over the report');
    assert.ok(!(await run(['validate', '.', '--format', 'json'], true)).events.some((e) => e.startsWith('progress')), '--format json stays clean');
    assert.ok(!(await run(['validate', '.'], false)).events.some((e) => e.startsWith('progress')), 'pipes stay clean');
  });

  it('validates the examples folder without errors', async () => {
    const { code, stdout } = await cli(['validate', 'examples']);
    assert.equal(stdout[stdout.length - 1], '3 files checked: 0 errors, 0 warnings (ok)', stdout.join('\n'));
    assert.equal(code, 0);
  });

  it('prints path:line:column: severity code message, 1-based, and exits 1 on errors', async () => {
    const file = path.join(dir, 'release-dev.json');
    await fs.writeFile(file, flow([{ kind: 'Build', ref: 'build', spec: { id: 'svc', type: 'service', branch: 'main' } }, { kind: 'JobRun', spec: { jobId: '${refs.biuld.id}' } }]));
    const { code, stdout } = await cli(['validate', 'release-dev.json'], dir);
    assert.equal(code, 1);
    const line = stdout.find((l) => l.includes('unknown-ref'));
    assert.ok(line, stdout.join('\n'));
    const text = await fs.readFile(file, 'utf8');
    const lineIndex = text.split('\n').findIndex((l) => l.includes('biuld'));
    const column = text.split('\n')[lineIndex]!.indexOf('biuld') + 1;
    assert.equal(line, `release-dev.json:${lineIndex + 1}:${column}: error unknown-ref No node or trigger has the ref 'biuld'. Did you mean 'build'?`);
    assert.match(stdout[stdout.length - 1]!, /^1 file checked: 1 error, \d+ warnings? .*\(failed\)$/);
  });

  it('prints the promised JSON shape with 0-based LSP positions', async () => {
    const file = path.join(dir, 'release-dev.json');
    const specLine = '  "spec": {"kind": "Workflow", "spec": {"type": "parallel", "steps": []}},';
    await fs.writeFile(file, `{\n  "apiVersion": "v1.2",\n${specLine}\n}\n`);
    const comma = specLine.length - 1;
    const { code, stdout } = await cli(['validate', file, '--format', 'json'], dir);
    assert.equal(code, 1);
    const reports = JSON.parse(stdout.join('\n')) as { file: string; diagnostics: unknown[] }[];
    assert.equal(reports.length, 1);
    assert.equal(reports[0]!.file, file);
    assert.deepEqual(reports[0]!.diagnostics, [
      {
        code: 'json-trailing-comma',
        severity: 'error',
        message: 'Trailing comma: the platform reads strict JSON. Remove the comma.',
        range: { start: { line: 2, character: comma }, end: { line: 2, character: comma + 1 } },
      },
    ]);
  });

  it('reports a missing file by name, still checks the others, and exits 2', async () => {
    await fs.writeFile(path.join(dir, 'release-ok.json'), flow([]));
    const { code, stdout, stderr } = await cli(['validate', 'nope.json', 'release-ok.json'], dir);
    assert.equal(code, 2);
    assert.match(stderr.join('\n'), /cannot read 'nope\.json': no such file/);
    assert.match(stdout[stdout.length - 1]!, /^1 file checked/);
  });

  it('exits 2 on usage errors', async () => {
    assert.equal((await cli(['validate'])).code, 2);
    const badFormat = await cli(['validate', 'examples', '--format', 'xml']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr.join('\n'), /--format must be text or json/);
    assert.equal((await cli(['validate', 'examples', '--bogus'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
  });

  it('searches folders for flows by name and by content, skipping dependencies and the pipeline file', async () => {
    await fs.mkdir(path.join(dir, 'release'), { recursive: true });
    await fs.mkdir(path.join(dir, 'node_modules', 'x'), { recursive: true });
    await fs.mkdir(path.join(dir, '.northflank'), { recursive: true });
    await fs.writeFile(path.join(dir, 'release', 'staging.json'), flow([]));
    await fs.writeFile(path.join(dir, 'deploy-flow.json'), flow([]));
    await fs.writeFile(path.join(dir, 'package.json'), '{"name": "x"}');
    await fs.writeFile(path.join(dir, 'node_modules', 'x', 'release-x.json'), flow([]));
    await fs.writeFile(path.join(dir, '.northflank', 'pipeline.json'), '{"kind": "Pipeline", "spec": {"stages": []}}');
    const { stdout } = await cli(['validate', '.', '--format', 'json'], dir);
    const files = (JSON.parse(stdout.join('\n')) as { file: string }[]).map((r) => r.file);
    assert.deepEqual(files, ['deploy-flow.json', path.join('release', 'staging.json')]);
  });

  it('exits 2 when a folder holds no flow', async () => {
    const { code, stderr } = await cli(['validate', dir]);
    assert.equal(code, 2);
    assert.match(stderr.join('\n'), /no release-flow files found/);
  });

  it('checks release targets against the pipeline description', async () => {
    const pipeline = {
      kind: 'Pipeline',
      spec: {
        stages: [
          { name: 'Development', nfObjects: [{ id: 'api-dev', type: 'service' }] },
          { name: 'Staging', nfObjects: [{ id: 'api-staging', type: 'service' }] },
        ],
      },
    };
    await fs.writeFile(path.join(dir, 'pipeline.json'), JSON.stringify(pipeline));
    await fs.writeFile(
      path.join(dir, 'release-staging.json'),
      flow([{ kind: 'Release', spec: { type: 'deployment', origin: { id: 'api-dev', type: 'service' }, target: { id: 'api-stagin', type: 'service' } } }]),
    );
    const { code, stdout } = await cli(['validate', 'release-staging.json', '--pipeline', 'pipeline.json'], dir);
    assert.equal(code, 1);
    assert.ok(stdout.some((l) => /error pipeline-target .*'api-stagin' is not a service of the Staging stage\. Did you mean 'api-staging'\?/.test(l)), stdout.join('\n'));
    assert.equal((await cli(['validate', 'release-staging.json', '--pipeline', 'missing.json'], dir)).code, 2);
  });

  it('runs as the release-flow binary', async () => {
    const outcome = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [path.join(repoRoot, 'bin', 'release-flow.js'), 'validate', 'examples', '--format', 'json'], { cwd: repoRoot }, (error, stdout) => {
        resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, stdout });
      });
    });
    assert.equal(outcome.code, 0);
    const reports = JSON.parse(outcome.stdout) as { file: string }[];
    assert.deepEqual(reports.map((r) => r.file), ['examples/release-development.json', 'examples/release-production.json', 'examples/release-staging.json']);
  });
});
