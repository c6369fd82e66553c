// Bundles the shells with esbuild; type checking is `tsc -b`'s job.
import { build } from 'esbuild';

const common = { bundle: true, mainFields: ['module', 'main'], platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await build({ ...common, entryPoints: ['cli/index.ts'], outfile: 'dist/cli.js' });
