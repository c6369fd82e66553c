import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../runner/helpers';

/** Runs the real binary with its stdout read by nobody: the pipe is closed before it writes. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/release-flow.js'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('release-flow writing to a closed pipe (`| head -1`)', function () {
  this.timeout(60_000);
  for (const args of [['graph', 'examples/release-development.json'], ['validate', 'examples', '--format', 'json'], ['--help']]) {
    it(`${args.join(' ')}: exits quietly, no EPIPE stack trace`, async () => {
      const { code, stderr } = await withClosedStdout(args);
      assert.doesNotMatch(stderr, /EPIPE|at .*\(.*:\d+:\d+\)/);
      assert.equal(stderr, '');
      assert.equal(code, 0);
    });
  }
});
