import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/main';
import type { UpdateMessage } from '../../core/graph/messages';
import { decodeGraph } from '../../core/graph/wire';

const repoRoot = path.join(__dirname, '../../..');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd = repoRoot): Promise<Outcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (l) => stdout.push(l), err: (l) => stderr.push(l), cwd });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('release-flow graph', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-graph-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('draws each example as SVG on standard output', async () => {
    for (const [name, refs] of [['development', ['main-push', 'build', 'deploy-api']], ['production', ['backup', 'migrate-done', 'notify']]] as const) {
      const { code, stdout, stderr } = await cli(['graph', `examples/release-${name}.json`]);
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(stdout.endsWith('</svg>'));
      for (const ref of refs) assert.ok(stdout.includes(`>${ref}</text>`), `${ref} is drawn`);
      assert.ok(stdout.includes('<style>'), 'a standalone file carries its colours');
    }
  });

  it('writes a self-contained HTML page with -o', async () => {
    const out = path.join(dir, 'flow.html');
    const { code, stdout } = await cli(['graph', 'examples/release-staging.json', '--format', 'html', '-o', out]);
    assert.equal(code, 0);
    const html = await fs.readFile(out, 'utf8');
    assert.equal(stdout, `Wrote ${out} (html, ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(1)} MB).`, 'says what was written, and its size');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;nonce-/);
    assert.ok(/<script nonce="[^"]+">[\s\S]{10000,}<\/script>/.test(html), 'the page script is inlined');
    assert.ok(!/<script[^>]+src=/.test(html) && !/<link/.test(html), 'nothing is loaded from elsewhere');
    assert.ok(html.includes('id="rf-initial"') && html.includes('promote-from-development'), 'the flow travels with the page');
    // With its graph, which the page draws before parsing the text.
    const initial = JSON.parse(/<script type="application\/json" id="rf-initial">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}') as { update?: UpdateMessage };
    const decoded = decodeGraph(initial.update?.graph);
    assert.ok(decoded, 'a graph the page accepts');
    assert.ok(decoded.graph.nodes.some((n) => n.ref === 'promote-from-development'));
  });

  it('writes Mermaid, with data edges when asked', async () => {
    const { code, stdout } = await cli(['graph', 'examples/release-production.json', '--format', 'mermaid', '--data-edges']);
    assert.equal(code, 0);
    assert.match(stdout, /^flowchart LR\n/);
    assert.ok(stdout.includes('-.->|"id"|'));
  });

  it('lays out top to bottom, and in a dark theme, on request', async () => {
    const down = await cli(['graph', 'examples/release-production.json', '--direction', 'down', '--theme', 'dark']);
    const right = await cli(['graph', 'examples/release-production.json']);
    const size = (svg: string): number[] => (/width="(\d+)" height="(\d+)"/.exec(svg) ?? []).slice(1).map(Number);
    const [w1 = 0, h1 = 0] = size(down.stdout);
    const [w2 = 0, h2 = 0] = size(right.stdout);
    assert.ok(h1 > w1 && w2 > h2, `a chain is tall when flowing down (${w1}x${h1}) and wide when flowing right (${w2}x${h2})`);
    assert.ok(down.stdout.includes('fill="#1e1e1e"'));
  });

  it('badges nodes with the same findings as validate', async () => {
    const file = path.join(dir, 'release-x.json');
    await fs.writeFile(file, JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'JobRun', ref: 'run', spec: { jobId: '${refs.nope.id}' } }] } } }));
    const { code, stdout } = await cli(['graph', file]);
    assert.equal(code, 0);
    assert.match(stdout, /class="rf-node rf-step rf-tone-purple rf-has-error"/);
    assert.match(stdout, /Error: [^<]*nope/);
  });

  it('shows a run from its event log', async () => {
    const events = path.join(dir, 'run.jsonl');
    const lines = [
      { type: 'dry-run', ok: true, flowFile: 'x', problems: [] },
      { type: 'node-status', runId: 'r1', at: '2025-01-01T00:00:00Z', node: 1, ref: 'backup', kind: 'AddonBackup', status: 'success', attempt: 1 },
      { type: 'node-status', runId: 'r1', at: '2025-01-01T00:00:01Z', node: 2, ref: 'backup-done', kind: 'Condition', status: 'retrying', attempt: 2 },
    ];
    await fs.writeFile(events, lines.map((l) => JSON.stringify(l)).join('\n') + '\nnot json\n');
    const { code, stdout, stderr } = await cli(['graph', 'examples/release-production.json', '--run', events]);
    assert.equal(code, 0);
    assert.match(stdout, /rf-status-success/);
    assert.ok(stdout.includes('>Retry 2</text>'));
    assert.match(stderr, /run\.jsonl:4: not a JSON event; skipped/);
  });

  it('exits 1 when JSON errors leave no graph, and draws what parsed otherwise', async () => {
    const broken = path.join(dir, 'broken.json');
    await fs.writeFile(broken, '{ "apiVersion": "v1.2", "spec": ');
    const none = await cli(['graph', broken]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /broken\.json:1:\d+: .*No graph can be drawn\./);
    assert.equal(none.stdout, '');
    const partial = path.join(dir, 'partial.json');
    await fs.writeFile(partial, '{ "spec": { "kind": "Workflow", "spec": { "type": "sequential", "steps": [ { "kind": "Build", "ref": "b", "spec": {} }, ');
    const some = await cli(['graph', partial]);
    assert.equal(some.code, 0);
    assert.match(some.stderr, /has JSON errors; the graph shows the part that parsed/);
    assert.ok(some.stdout.includes('>b</text>'));
    const array = path.join(dir, 'array.json');
    await fs.writeFile(array, '[1, 2]');
    assert.equal((await cli(['graph', array])).code, 1);
  });

  it('exits 2 on usage and I/O errors', async () => {
    assert.equal((await cli(['graph'])).code, 2);
    assert.equal((await cli(['graph', 'a.json', 'b.json'])).code, 2);
    assert.equal((await cli(['graph', 'examples/release-production.json', '--format', 'png'])).code, 2);
    assert.equal((await cli(['graph', 'examples/release-production.json', '--theme', 'auto'])).code, 2, 'auto is for pages only');
    assert.equal((await cli(['graph', 'examples/release-production.json', '--direction', 'up'])).code, 2);
    const missing = await cli(['graph', path.join(dir, 'missing.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read '.*missing\.json': no such file\.$/);
    const unwritable = await cli(['graph', 'examples/release-production.json', '-o', path.join(dir, 'no', 'such', 'dir', 'x.svg')]);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /^release-flow: cannot write '.*x\.svg': its folder does not exist\.$/, 'a write error is worded, as read errors are');
    assert.equal(unwritable.stdout, '');
    assert.match((await cli(['graph', 'examples/release-production.json', '-o', dir])).stderr, /cannot write '.*': it is a folder\.$/);
    const events = await cli(['graph', 'examples/release-production.json', '--run', path.join(dir, 'nope.jsonl')]);
    assert.equal(events.code, 2);
    assert.match(events.stderr, /cannot read run events '.*nope\.jsonl': no such file\.$/);
    const help = await cli(['graph', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: release-flow graph <file>/);
  });

  describe('--diff-against', () => {
    const flow = (steps: unknown[]): string => JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps } } }, null, 2);
    const build = (ref: string, branch = 'main'): unknown => ({ kind: 'Build', ref, spec: { id: 'builder', branch } });
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });

    it('outlines added, changed and moved nodes against another file, ghosts removed ones, with a legend', async () => {
      await fs.writeFile(path.join(dir, 'old.json'), flow([build('a'), build('b'), build('gone'), build('m')]));
      await fs.writeFile(path.join(dir, 'new.json'), flow([build('m'), build('a', 'develop'), build('b'), build('fresh')]));
      const svg = await cli(['graph', 'new.json', '--diff-against', 'old.json'], dir);
      assert.equal(svg.code, 0, svg.stderr);
      assert.match(svg.stderr, /1 added, 1 removed, 1 changed, 1 moved since old\.json/);
      for (const [ref, state] of [['fresh', 'added'], ['gone', 'removed'], ['a', 'changed'], ['m', 'moved']]) {
        assert.match(svg.stdout, new RegExp(`<g class="[^"]*rf-diff-${state}[^"]*" data-node-id="[^"]*"[^>]*aria-label="Build ${ref}: [^"]*\\(${state}\\)"`), `${ref} is ${state}`);
      }
      assert.ok(svg.stdout.includes('Changed since old.json: spec.branch.'), 'the changed fields are in the tooltip');
      assert.ok(svg.stdout.includes('Moved since old.json, from the flow, step 4.'));
      assert.ok(svg.stdout.includes('class="rf-diff-legend"'));
      assert.ok(svg.stdout.includes('data-node-id="removed:node:spec.spec.steps.2"'), 'the ghost keeps an id of its own');

      const mermaid = await cli(['graph', 'new.json', '--diff-against', 'old.json', '--format', 'mermaid'], dir);
      assert.equal(mermaid.code, 0, mermaid.stderr);
      assert.match(mermaid.stdout, /classDef removed stroke:#cf222e/);
      assert.match(mermaid.stdout, /~ changed: spec\.branch/);
      assert.match(mermaid.stdout, /subgraph legend\["1 added, 1 removed, 1 changed, 1 moved since old\.json"\]/);

      const html = await cli(['graph', 'new.json', '--diff-against', 'old.json', '--format', 'html'], dir);
      assert.equal(html.code, 0, html.stderr);
      assert.match(html.stdout, /"baseline":\{"type":"baseline","label":"old\.json","text":"/, 'the page carries the version it compares with');
      assert.ok(!html.stdout.includes('"graph":'), 'no graph of its own: the page parses both versions to compare them');
    });

    it('compares with HEAD in a Git repository, and names a file HEAD does not have', async () => {
      git('init', '-q');
      await fs.writeFile(path.join(dir, 'flow.json'), flow([build('a')]));
      git('add', 'flow.json');
      git('commit', '-qm', 'flow');
      await fs.writeFile(path.join(dir, 'flow.json'), flow([build('a'), build('b')]));
      const changed = await cli(['graph', 'flow.json', '--diff-against', 'HEAD', '--format', 'mermaid'], dir);
      assert.equal(changed.code, 0, changed.stderr);
      assert.match(changed.stderr, /1 added since HEAD/);
      await fs.writeFile(path.join(dir, 'new.json'), flow([build('x')]));
      const fresh = await cli(['graph', 'new.json', '--diff-against', 'HEAD', '--format', 'mermaid'], dir);
      assert.equal(fresh.code, 0, fresh.stderr);
      assert.match(fresh.stderr, /2 added since HEAD \(HEAD has no version of this file: every node is new\)/);
    });

    it('says clearly when there is no HEAD to compare with or the other file cannot be read', async () => {
      await fs.writeFile(path.join(dir, 'flow.json'), flow([build('a')]));
      const noRepo = await cli(['graph', 'flow.json', '--diff-against', 'HEAD'], dir);
      assert.equal(noRepo.code, 2);
      assert.match(noRepo.stderr, /--diff-against HEAD: flow\.json is not in a Git repository/);
      const missing = await cli(['graph', 'flow.json', '--diff-against', 'nope.json'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--diff-against nope\.json: cannot read 'nope\.json': no such file\.$/);
    });
  });

  it('draws nothing past the size limit validation keeps to (exit 1, saying why)', async function () {
    this.timeout(30_000);
    const file = path.join(dir, 'release-huge.json');
    const padding = ' '.repeat(8 * 1024 * 1024);
    await fs.writeFile(file, `{"apiVersion": "v1.2",${padding}"spec": {"kind": "Workflow", "spec": {"type": "sequential", "steps": []}}}`);
    const out = await cli(['graph', file, '--format', 'mermaid']);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /no graph is drawn: it is 8\.0 MB, past the limit of 8\.0 MB/);
    assert.equal(out.stdout, '');
  });
});
