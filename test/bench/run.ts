/**
 * `npm run bench`: runs each benchmark module in turn and prints its table.
 * Benchmarks only report; they never assert. To add one, write a module that
 * exports an async function returning a BenchTable and list it in SECTIONS.
 */
import { benchExtension } from './extension';
import { benchGraphLayouts, benchGraphPage } from './graph';
import { benchLanguageServer } from './lsp';
import { benchNorthflankFollow } from './northflank';
import { benchRunner } from './runner';
import { benchTriggers } from './triggers';
import { benchUserEdits } from './userEdits';
import { benchValidation } from './validation';
import { benchWebhook } from './webhook';

export interface BenchTable {
  columns: string[];
  rows: string[][];
  /** Lines printed under the table. */
  notes?: string[];
}

interface Section {
  title: string;
  run: () => Promise<BenchTable>;
}

const SECTIONS: Section[] = [
  { title: 'Validation: full validateFlow vs vscode-json-languageservice (parse + schema)', run: benchValidation },
  { title: 'Runner: a 10,000-node flow on the simulated platform, zero-duration nodes', run: benchRunner },
  { title: 'Git triggers: 100 rules against 10,000 changed files', run: benchTriggers },
  { title: 'Webhook: 200 concurrent requests on 127.0.0.1, rate limit off', run: benchWebhook },
  { title: 'Language server over stdio: diagnostics after an edit, completion in ${refs., hover', run: benchLanguageServer },
  { title: 'A user in a 5,000-node flow over stdio: open, edits spread over the file, completion, beside json-ls', run: benchUserEdits },
  { title: 'Flow graph in Chromium: update message to painted graph (dist/webview.js)', run: benchGraphPage },
  { title: 'Flow graph layout engines in Chromium: linear series-parallel vs elkjs', run: benchGraphLayouts },
  { title: 'Northflank: following a 20-node run on the fake platform (requests, node change to event)', run: benchNorthflankFollow },
  { title: 'VS Code extension: activation in code-server, and the per-JSON-document content check', run: benchExtension },
];

export function formatTable(table: BenchTable): string {
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padStart(widths[i] as number)).join('  ');
  return [line(table.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  console.log(`Release Flow Studio benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);
  for (const section of SECTIONS) {
    console.log(`\n== ${section.title} ==\n`);
    try {
      const table = await section.run();
      console.log(formatTable(table));
      for (const note of table.notes ?? []) console.log(`  ${note}`);
    } catch (error) {
      // One broken benchmark must not hide the others.
      console.log(`  failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

if (require.main === module) {
  void main();
}
