import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.join(__dirname, '../../..');

/** The file as committed (HEAD) when this is a Git checkout, else as it is on disk. */
function committed(file: string): string {
  try {
    return execFileSync('git', ['show', `HEAD:${file}`], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return readFileSync(path.join(repoRoot, file), 'utf8');
  }
}

describe('generated schemas', () => {
  it('are committed exactly as their typed sources build them', async () => {
    // `npm run build` rewrites the files before the tests run, so compare with what is committed.
    const script = pathToFileURL(path.join(repoRoot, 'scripts/write-schemas.mjs')).href;
    // A dynamic import of an ES module from this CommonJS test: tsc must not turn it into require().
    const load = new Function('url', 'return import(url)') as (url: string) => Promise<{ generatedSchemas(): { file: string; text(): string }[] }>;
    const { generatedSchemas } = await load(script);
    const stale = generatedSchemas()
      .filter((schema) => committed(schema.file) !== schema.text())
      .map((schema) => `${schema.file} differs from its source: run npm run build and commit it`);
    assert.deepEqual(stale, []);
  });
});
