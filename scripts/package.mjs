#!/usr/bin/env node
// `npm run package`: builds the .vsix from the bundles with `vsce package
// --no-dependencies` (everything the extension runs is bundled in dist/; the
// .vscodeignore lets in the bundles, schemas, grammars, icons, README,
// CHANGELOG and LICENSE only), then prints its size and contents and fails
// past 5 MB. Output: out/release-flow-studio.vsix (or the path given).
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIMIT = 5 * 1024 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'out/release-flow-studio.vsix');
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');

mkdirSync(dirname(out), { recursive: true });
// The README's screenshots stay relative: the repository, not the package, holds them.
const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out];
const packed = spawnSync(process.execPath, [vsce, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (packed.status !== 0) {
  process.stdout.write(packed.stdout ?? '');
  console.error(`vsce package failed (exit ${packed.status}).`);
  process.exit(1);
}
const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
const files = (listed.stdout ?? '').split('\n').filter((line) => line.trim() !== '');
const size = statSync(out).size;
console.log(`${out.startsWith(root) ? out.slice(root.length + 1) : out}: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes, limit 5 MB), ${files.length} files:`);
for (const file of files) console.log(`  ${file}`);
if (size > LIMIT) {
  console.error(`The .vsix is ${(size / 1024 / 1024).toFixed(2)} MB, over the 5 MB limit.`);
  process.exit(1);
}
