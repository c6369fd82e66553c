import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../cli/main';
import { decodeUtf8, readFlowFile } from '../../core/document/readFlowFile';
import { runFlow } from '../../core/runner/session';
import { SeededIds, VirtualClock } from '../../core/runs/clock';
import { repoRoot } from '../runner/helpers';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string): Promise<Outcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(args, { out: (l) => stdout.push(l), err: (l) => stderr.push(l), cwd });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** The real binary, as an unprivileged user when the tests run as root (root reads every file whatever its mode). */
function cliAsUser(args: string[], cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const asRoot = process.getuid?.() === 0;
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/release-flow.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const FLOW = JSON.stringify({ apiVersion: 'v1.2', spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [] } } }, null, 2) + '\n';

describe('hostile files: encodings, special files, unreadable folders', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-hostile-'));
    await fs.chmod(dir, 0o755);
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('names a byte order mark instead of "Invalid symbol"', async () => {
    await fs.writeFile(path.join(dir, 'release-bom.json'), `\uFEFF${FLOW}`);
    const out = await cli(['validate', 'release-bom.json'], dir);
    assert.equal(out.code, 1);
    assert.match(out.stdout, /release-bom\.json:1:1: error json-encoding .*byte order mark/);
    assert.doesNotMatch(out.stdout, /Invalid symbol/);
  });

  it('names invalid UTF-8 and where it is, instead of replacing the bytes silently', async () => {
    const text = FLOW.replace('"v1.2"', '"v1.2 BAD"');
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('BAD');
    bytes[at] = 0xff;
    await fs.writeFile(path.join(dir, 'release-latin.json'), bytes);
    const out = await cli(['validate', 'release-latin.json'], dir);
    assert.equal(out.code, 1);
    const line = text.slice(0, text.indexOf('BAD')).split('\n').length;
    const column = text.indexOf('BAD') - text.lastIndexOf('\n', text.indexOf('BAD'));
    assert.match(out.stdout, new RegExp(`release-latin\\.json:${line}:${column}: error json-encoding .*not valid UTF-8.*0xFF`));
  });

  it('decodeUtf8 names the first byte that cannot be decoded, after a complete sequence too', () => {
    const after = decodeUtf8(Buffer.from([0x61, 0xc3, 0xa9, 0xff, 0x62]));
    assert.deepEqual([after.invalidUtf8At, after.invalidByte], [2, 0xff]);
    const cut = decodeUtf8(Buffer.from([0x61, 0xe9, 0x22]));
    assert.deepEqual([cut.invalidUtf8At, cut.invalidByte], [1, 0xe9]);
    const cutLonger = decodeUtf8(Buffer.from([0x61, 0xf0, 0x9f, 0x22]));
    assert.deepEqual([cutLonger.invalidUtf8At, cutLonger.invalidByte], [1, 0xf0]);
  });

  it('names the lead byte of a sequence cut short (Latin-1 é, 0xE9), not the byte after it', async () => {
    const text = FLOW.replace('"v1.2"', '"v1.2 caf\u00e9"');
    const bytes = Buffer.from(text, 'latin1');
    await fs.writeFile(path.join(dir, 'release-cafe.json'), bytes);
    const out = await cli(['validate', 'release-cafe.json'], dir);
    const before = text.slice(0, text.indexOf('\u00e9'));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    assert.match(out.stdout, new RegExp(`release-cafe\\.json:${line}:${column}: error json-encoding .*byte 0xE9 here`));
  });

  it('refuses a FIFO and a device named on the command line without reading them, and checks the rest (exit 2)', async () => {
    execFileSync('mkfifo', [path.join(dir, 'release-fifo.json')]);
    await fs.writeFile(path.join(dir, 'release-ok.json'), FLOW);
    const out = await cli(['validate', 'release-fifo.json', '/dev/zero', 'release-ok.json'], dir);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cannot read 'release-fifo\.json': not a regular file \(a FIFO\)/);
    assert.match(out.stderr, /cannot read '\/dev\/zero': not a regular file \(a character device\)/);
    assert.match(out.stdout, /^1 file checked/m);
  });

  it('the runner refuses a FIFO as the flow it reads itself (webhook and watch runs), instead of blocking on it', async () => {
    const fifo = path.join(dir, 'release-runner-fifo.json');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(runFlow({ flowFile: fifo }, { clock: new VirtualClock(), ids: new SeededIds(1), git: undefined, store: undefined }), /not a regular file \(a FIFO\)/);
  });

  it('refuses a FIFO given as --pipeline or --scenario instead of blocking on it', async () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.json')]);
    await fs.writeFile(path.join(dir, 'release-ok.json'), FLOW);
    const validate = await cli(['validate', 'release-ok.json', '--pipeline', 'fifo.json'], dir);
    assert.equal(validate.code, 2);
    assert.match(validate.stderr, /cannot read pipeline description '.*fifo\.json': not a regular file \(a FIFO\)/);
    const run = await cli(['run', 'release-ok.json', '--scenario', 'fifo.json'], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read scenario 'fifo\.json': not a regular file \(a FIFO\)/);
  });

  it('stops reading past the size limit', async () => {
    const file = path.join(dir, 'release-big.json');
    await fs.writeFile(file, FLOW + ' '.repeat(5000));
    await assert.rejects(readFlowFile(file, { maxBytes: 1000 }), /is .* past the limit of 1000 bytes/);
    assert.equal((await readFlowFile(file, { maxBytes: 10_000 })).text.trim(), FLOW.trim());
  });

  it('a folder with an unreadable subfolder and file: reports those paths (exit 2) and checks the rest', async () => {
    await fs.mkdir(path.join(dir, 'locked'));
    await fs.writeFile(path.join(dir, 'locked', 'release-hidden.json'), FLOW);
    await fs.chmod(path.join(dir, 'locked'), 0o000);
    await fs.writeFile(path.join(dir, 'release-secret.json'), FLOW, { mode: 0o000 });
    await fs.chmod(path.join(dir, 'release-secret.json'), 0o000);
    await fs.writeFile(path.join(dir, 'release-ok.json'), FLOW, { mode: 0o644 });
    const out = await cliAsUser(['validate', '.'], dir);
    await fs.chmod(path.join(dir, 'locked'), 0o755);
    assert.equal(out.code, 2, out.stderr);
    assert.match(out.stderr, /cannot read '(\.\/)?locked': permission denied/);
    assert.match(out.stderr, /cannot read 'release-secret\.json': permission denied/);
    assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
    assert.match(out.stdout, /^1 file checked/m);
  });
});
