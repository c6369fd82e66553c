import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFlow } from '../../core/document/parse';
import { jsonLanguageService, jsonLanguageServiceSchema } from '../../core/schema/schema';
import { runCoreValidators, validateFlow } from '../../core/validation/validate';
import { generateFlow } from './generate';
import type { BenchTable } from './run';

/** The target: full validation costs at most this much more than vscode-json-languageservice alone. */
const TARGET_RATIO = 1.5;
const SIZES = [50, 500, 5000];

/** A full garbage collection, so heap deltas mean something; `node --expose-gc` is not needed. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

export function medianOf(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median wall time in ms of each function over `runs` rounds, after `warmup`
 * unmeasured ones. The functions take turns within a round, so JIT warm-up,
 * GC pressure and CPU frequency drift hit all of them alike.
 */
async function interleavedMedians(fns: (() => unknown)[], runs: number, warmup: number): Promise<number[]> {
  const times: number[][] = fns.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (let i = 0; i < fns.length; i++) {
      const start = performance.now();
      await (fns[i] as () => unknown)();
      const elapsed = performance.now() - start;
      if (round >= warmup) (times[i] as number[]).push(elapsed);
    }
  }
  return times.map(medianOf);
}

/** vscode-json-languageservice on its own: its parser and its schema validation, as the core's schema pass calls them. */
async function baseline(text: string): Promise<unknown> {
  const service = jsonLanguageService();
  const document = TextDocument.create('file:///release-flow.json', 'json', 0, text);
  const jsonDocument = service.parseJSONDocument(document);
  return service.doValidation(document, jsonDocument, { comments: 'ignore', trailingCommas: 'ignore', schemaValidation: 'error' }, jsonLanguageServiceSchema());
}

function coreOnly(text: string): unknown {
  const model = parseFlow(text);
  return runCoreValidators({ model, repoPath: undefined, pipeline: undefined });
}

/** Runs per size: enough for a stable median on small flows without making the big ones slow. */
function runsFor(nodes: number): { runs: number; warmup: number } {
  if (nodes <= 100) return { runs: 41, warmup: 10 };
  if (nodes <= 1000) return { runs: 15, warmup: 3 };
  return { runs: 9, warmup: 2 };
}

const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);
const kb = (chars: number): string => `${(chars / 1024).toFixed(0)} KB`;

/** Validation speed against the vscode-json-languageservice baseline, at three flow sizes. */
export async function benchValidation(): Promise<BenchTable> {
  const rows: string[][] = [];
  const notes: string[] = [];
  let worst = 0;
  for (const nodes of SIZES) {
    const text = generateFlow(nodes, 42);
    const { runs, warmup } = runsFor(nodes);
    const [a, b, c] = (await interleavedMedians([() => baseline(text), () => validateFlow(text), () => coreOnly(text)], runs, warmup)) as [number, number, number];
    const ratio = b / a;
    worst = Math.max(worst, ratio);
    rows.push([
      String(nodes),
      kb(text.length),
      String(runs),
      ms(a),
      ms(b),
      ms(c),
      `${ratio.toFixed(2)}x`,
      ratio <= TARGET_RATIO ? 'ok' : 'OVER',
      (b / nodes).toFixed(4),
      (c / nodes).toFixed(4),
    ]);
  }

  // Memory: what one full validation of the largest flow keeps alive (model, diagnostics), and the peak while it runs.
  const largest = SIZES[SIZES.length - 1] as number;
  const text = generateFlow(largest, 42);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  const result = await validateFlow(text);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  collectGarbage();
  const retained = process.memoryUsage().heapUsed - before;
  notes.push(
    `Memory, ${largest} nodes (${kb(text.length)} of JSON): heapUsed delta ${(retained / 1048576).toFixed(1)} MB retained by the result ` +
      `(${result.model.nodes.length} nodes, ${result.diagnostics.length} diagnostics), ${((peak - before) / 1048576).toFixed(1)} MB at the sampled peak.`,
  );
  notes.push(
    `Target: full validation within ${TARGET_RATIO}x baseline; worst ratio ${worst.toFixed(2)}x ${worst <= TARGET_RATIO ? '(met)' : '(NOT met)'}. ` +
      'ms/node should stay roughly flat as the flow grows (linear cost).',
  );
  return {
    columns: ['nodes', 'JSON', 'runs', '(a) json-ls ms', '(b) full ms', '(c) core ms', 'b/a', `<=${TARGET_RATIO}x`, 'b ms/node', 'c ms/node'],
    rows,
    notes,
  };
}
