// Bundles the shells with esbuild; type checking is `tsc -b`'s job.
import { build } from 'esbuild';

const common = { bundle: true, mainFields: ['module', 'main'], platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

// elkjs (3.6 MB unminified) stays a runtime require: only `graph --data-edges` loads it, and parsing it would slow every command's start.
// @northflank/js-client (about 1 MB minified) is its own chunk, dist/northflank-client.js: only the `remote` commands load it, on first request.
const northflankClientChunk = {
  name: 'northflank-client-chunk',
  setup(build) {
    build.onResolve({ filter: /^@northflank\/js-client$/ }, () => ({ path: './northflank-client.js', external: true }));
  },
};
await build({ ...common, entryPoints: ['cli/index.ts'], outfile: 'dist/cli.js', external: ['elkjs'], plugins: [northflankClientChunk] });
await build({ ...common, entryPoints: ['@northflank/js-client'], outfile: 'dist/northflank-client.js', format: 'cjs', minify: true, sourcemap: false });
// The flow-graph page: one self-contained browser script, inlined by `release-flow graph --format html`.
await build({ ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', target: ['chrome110', 'firefox115', 'safari16'], format: 'iife', minify: true, sourcemap: false });
// The language server (also started by `release-flow lsp --stdio`): runs on its own, so nothing stays external.
await build({ ...common, entryPoints: ['server/main.ts'], outfile: 'dist/server.js' });
// The VS Code extension, in two bundles (`vscode` is the host's): the entry, small because every JSON document activates it,
// whose first and last lines note the time so that the extension can tell how long evaluating it took; and its features, loaded when needed.
await build({
  ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'],
  banner: { js: 'globalThis.__releaseFlowLoadStart = performance.now();' }, footer: { js: 'globalThis.__releaseFlowLoadEnd = performance.now();' },
});
// The features load the platform's client from the same chunk as the CLI, on the first request to Northflank.
await build({ ...common, entryPoints: ['client/features.ts'], outfile: 'dist/features.js', external: ['vscode'], plugins: [northflankClientChunk] });
