#!/usr/bin/env node
// `npm run package`: builds the .vsix from the bundles with `vsce package
// --no-dependencies` (everything the extension runs is bundled in dist/; the
// .vscodeignore lets in the bundles, schemas, grammars, icons, CHANGELOG and
// LICENSE only), with docs/extension/README.md as its README (the user's page;
// the repository's README is the developers'), its images made to work in VS
// Code (scripts/packaged-readme.mjs). Then prints its size and contents and
// fails past 5 MB. Output: out/release-flow-studio.vsix (or the path given).
// On a terminal, each step is announced on stderr.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { USER_README, packagedReadmeOf } from './packaged-readme.mjs';
import { progress, secondsSince } from './progress.mjs';

const LIMIT = 5 * 1024 * 1024;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'out/release-flow-studio.vsix');
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
const shown = (file) => (file.startsWith(root) ? relative(root, file) : file);

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

mkdirSync(dirname(out), { recursive: true });
let readme;
try {
  readme = packagedReadmeOf(root);
} catch (error) {
  fail(error.message);
}
// Inside the repository (vsce only packages files under it), next to the .vsix, git-ignored with out/.
const readmeFile = resolve(root, 'out', 'vsix-readme', 'README.md');
mkdirSync(dirname(readmeFile), { recursive: true });
writeFileSync(readmeFile, readme.text);
const inlined = readme.images.filter((image) => image.url.startsWith('data:'));
progress('package', `README from ${USER_README}: ${readme.images.length} images, ${inlined.length > 0 ? `${inlined.length} inlined (${(inlined.reduce((sum, image) => sum + image.bytes, 0) / 1024).toFixed(0)} KB; package.json names no repository to link them from)` : 'linked from the repository'}`);

// The links are already what they must be: vsce is told not to rewrite them.
const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--readme-path', relative(root, readmeFile), '--out', out];
const start = performance.now();
progress('package', `vsce package: ${relative(root, out).startsWith('..') ? out : relative(root, out)}...`);
const packed = spawnSync(process.execPath, [vsce, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
progress('package', `vsce package: done in ${secondsSince(start)}`);
if (packed.status !== 0) {
  process.stdout.write(packed.stdout ?? '');
  fail(`vsce package failed (exit ${packed.status}).`);
}
const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies', '--readme-path', relative(root, readmeFile)], { cwd: root, encoding: 'utf8' });
const files = (listed.stdout ?? '').split('\n').filter((line) => line.trim() !== '');
const size = statSync(out).size;
console.log(`${shown(out)}: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes, limit 5 MB), ${files.length} files:`);
for (const file of files) console.log(`  ${file === relative(root, readmeFile) ? `${file} (as README.md, from ${USER_README})` : file}`);
if (size > LIMIT) fail(`the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB, over the 5 MB limit.`);
