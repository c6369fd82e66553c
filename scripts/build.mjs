#!/usr/bin/env node
// `npm run build`: the build's steps in order, each a child process, stopping
// at the first that fails. On a terminal, a line per step with its time (the
// first build takes a minute or more on 2 cores; later ones are incremental).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progress, secondsSince } from './progress.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const STEPS = [
  ['drop compiled files of deleted sources from out/', ['scripts/prune-out.mjs']],
  ['type-check and compile (tsc -b) into out/', [tsc, '-b']],
  ['write schemas/*.json from their typed sources', ['scripts/write-schemas.mjs']],
  ['bundle dist/ (cli, server, webview, extension) with esbuild', ['scripts/bundle.mjs']],
];

const start = performance.now();
for (const [index, [what, args]] of STEPS.entries()) {
  progress('build', `${index + 1}/${STEPS.length} ${what}...`);
  const status = await new Promise((done) => {
    spawn(process.execPath, args, { cwd: root, stdio: 'inherit' }).on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
  if (status !== 0) process.exit(status);
}
progress('build', `done in ${secondsSince(start)}`);
