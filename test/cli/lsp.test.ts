import * as assert from 'node:assert/strict';
import { main } from '../../cli/main';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd: process.cwd() });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('release-flow lsp', () => {
  it('is listed in the usage and explains itself', async () => {
    assert.match((await cli(['--help'])).stdout, /lsp --stdio\s+start the language server/);
    const help = await cli(['lsp', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: release-flow lsp \[--stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME\]/);
  });

  it('refuses two transports or a port that is no number, with exit code 2', async () => {
    const both = await cli(['lsp', '--stdio', '--node-ipc']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /Choose one transport/);
    const port = await cli(['lsp', '--socket=abc']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--socket takes a port number, not 'abc'/);
  });
});
