/**
 * The scripts that install the test dependencies (npm test's pretest, .ci/run),
 * run against stand-ins for dpkg-query, apt-get, id, sudo and the npm registry:
 * a failing download ends with one line naming the reason and the way out;
 * outside CI the other tests still run (exit 0), in CI it is an error; what is
 * already installed needs no apt at all.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function runScript(script: string, env: Record<string, string>): Promise<Outcome> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'CI' && !key.startsWith('npm_')) base[key] = value;
  return new Promise((resolve) => {
    execFile('bash', [path.join(root, 'test/support', script)], { cwd: root, env: { ...base, ...env }, timeout: 60000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the scripts that install the test dependencies', function () {
  this.timeout(60000);
  let folder: string;
  let shims: string;

  /** A stand-in command on the PATH of the scripts. */
  async function shim(name: string, body: string): Promise<void> {
    const file = path.join(shims, name);
    await fs.writeFile(file, `#!/usr/bin/env bash\n${body}\n`);
    await fs.chmod(file, 0o755);
  }

  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-setup-'));
    shims = path.join(folder, 'bin');
    await fs.mkdir(shims);
    // Nothing installed; apt-get records its calls.
    await shim('dpkg-query', 'exit 1');
    await shim('apt-get', `echo "apt-get $*" >> ${JSON.stringify(path.join(folder, 'apt.calls'))}\nexit 0`);
  });

  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({ PATH: `${shims}:${process.env.PATH}`, TMPDIR: folder, ...extra });

  it('says what it installs, and needs no apt when everything is there', async () => {
    await shim('dpkg-query', "echo 'install ok installed'");
    const out = await runScript('setup-test-deps.sh', env());
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^setup-test-deps: Debian packages chromium: installed$/m);
    await assert.rejects(fs.stat(path.join(folder, 'apt.calls')), 'apt-get is not called');
  });

  it('installs what is missing, announcing each step', async () => {
    const out = await runScript('setup-test-deps.sh', env());
    assert.match(out.stdout, /setup-test-deps: installing Debian packages: chromium \(apt-get update, then apt-get install; up to a few minutes, log: .*\)\.\.\./);
    assert.match(out.stdout, /setup-test-deps: installed chromium in \d+ s/);
    const calls = await fs.readFile(path.join(folder, 'apt.calls'), 'utf8');
    assert.match(calls, /^apt-get -o DPkg::Lock::Timeout=120 update -q\napt-get -o DPkg::Lock::Timeout=120 install -y -q chromium\n$/);
  });

  it('fails with one line giving apt\'s reason when apt cannot run (lock held, no mirror); outside CI the other tests go on', async () => {
    await shim('apt-get', 'echo "Reading package lists..."; echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2; exit 100');
    const out = await runScript('setup-test-deps.sh', env());
    assert.equal(out.code, 0, 'npm test goes on; the browser tests skip themselves');
    const lines = out.stderr.trim().split('\n');
    assert.equal(lines.length, 2, out.stderr);
    assert.match(lines[0] ?? '', /^setup-test-deps: apt-get update failed: Could not get lock \/var\/lib\/dpkg\/lock-frontend\. It is held by process 4242 \(apt-get\) \(log: .*\)\. Install chromium yourself \(sudo apt-get install chromium\), then run npm test again\.$/);
    assert.match(lines[1] ?? '', /^setup-test-deps: the browser tests \(test\/webview, test\/e2e\) will be skipped on this machine; the other tests still run\.$/);
    const inCi = await runScript('setup-test-deps.sh', env({ CI: 'true' }));
    assert.equal(inCi.code, 1, 'in CI a missing dependency is an error');
    assert.equal(inCi.stderr.trim().split('\n').length, 1);
  });

  it('without root nor password-less sudo, installs nothing and prints the command to run', async () => {
    await shim('id', 'if [ "$1" = -u ]; then echo 1000; else command id "$@"; fi');
    await shim('sudo', 'echo "sudo: a password is required" >&2; exit 1');
    const out = await runScript('setup-e2e.sh', env({ RELEASE_FLOW_E2E_CACHE: path.join(folder, 'code-server') }));
    assert.equal(out.code, 0);
    assert.match(out.stderr, /^setup-e2e: missing Debian packages \(chromium\), and this is not root nor can sudo run without a password\. Install them once: sudo apt-get install chromium$/m);
    await assert.rejects(fs.stat(path.join(folder, 'apt.calls')), 'apt-get is not called');
  });

  it('fails with one line naming npm\'s reason when code-server cannot be downloaded, and leaves no cache behind', async () => {
    await shim('dpkg-query', "echo 'install ok installed'");
    await shim('rg', 'exit 0');
    const out = await runScript('setup-e2e.sh', env({ RELEASE_FLOW_E2E_CACHE: path.join(folder, 'code-server'), npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' }));
    assert.equal(out.code, 0);
    assert.match(out.stdout, /setup-e2e: \[2\/2\] code-server 4\.100\.3: not installed yet; installing it into .*code-server\n/);
    assert.match(out.stdout, /npm install code-server@4\.100\.3 \(about 300 MB from the npm registry; 1-3 minutes; log: .*\)\.\.\./);
    assert.match(out.stderr, /^setup-e2e: installing code-server 4\.100\.3 failed \(ECONNREFUSED: .*127\.0\.0\.1:9.*; log: .*\)\. Check that the npm registry is reachable, then run 'bash test\/support\/setup-e2e\.sh' again\.$/m);
    const left = await fs.readdir(folder);
    assert.ok(!left.some((name) => name.startsWith('vscode-ripgrep-cache')), `the ripgrep cache is removed: ${left.join(', ')}`);
  });
});
