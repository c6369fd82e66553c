// Removes compiled files in out/ whose TypeScript source is gone (moved or deleted):
// `tsc -b` never deletes outputs, and mocha would otherwise still run tests that moved.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
const COMPILED = /\.(js|js\.map|d\.ts|d\.ts\.map)$/;

function prune(folder) {
  let removed = 0;
  for (const entry of readdirSync(folder)) {
    const full = join(folder, entry);
    if (statSync(full).isDirectory()) {
      removed += prune(full);
      if (readdirSync(full).length === 0) rmSync(full, { recursive: true });
      continue;
    }
    if (!COMPILED.test(entry)) continue;
    const source = join(root, relative(out, full)).replace(COMPILED, '.ts');
    if (existsSync(source)) continue;
    rmSync(full);
    removed++;
  }
  return removed;
}

if (existsSync(out)) {
  const removed = prune(out);
  if (removed > 0) console.log(`removed ${removed} compiled files of sources that no longer exist from out/`);
}
