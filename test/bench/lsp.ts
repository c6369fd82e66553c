import { performance } from 'node:perf_hooks';
import { CompletionRequest, HoverRequest, type CompletionList, type Position } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_REF_ITEMS } from '../../core/language/expressionCompletion';
import { DEFAULT_SETTINGS } from '../../core/language/settings';
import { jsonLanguageService, jsonLanguageServiceSchema } from '../../core/schema/schema';
import { TestClient } from '../server/client';
import { generateFlow } from './generate';
import type { BenchTable } from './run';

/**
 * Latencies of the language server measured over the stdio protocol, as an
 * editor sees them: a real client (test/server/client.ts) drives the bundled
 * server in its own process; each figure runs from sending the message to
 * receiving the answer (or the diagnostics of the edited version).
 */

const SIZES = [50, 500, 5000];
const TARGETS = { completion: 20, hover: 20, diagnostics: 100 };

interface Percentiles {
  p50: number;
  p95: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
  return { p50: rank(0.5), p95: rank(0.95) };
}

const fmt = ({ p50, p95 }: Percentiles): string => `${p50.toFixed(1)} / ${p95.toFixed(1)}`;

async function measure(samples: number, warmup: number, once: (i: number) => PromiseLike<unknown>): Promise<Percentiles> {
  for (let i = 0; i < warmup; i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await once(warmup + i);
    times.push(performance.now() - start);
  }
  return percentiles(times);
}

/** Probes in the middle of the document: a `${refs.` to complete, a ref to hover, a string to edit. */
function probes(text: string): { completion: Position; hover: Position; edit: Position } {
  const document = TextDocument.create('probe', 'json', 0, text);
  const expression = text.indexOf('"BACKUP_ID": "${refs.', Math.floor(text.length / 2));
  const name = text.indexOf('${refs.', expression) + '${refs.'.length;
  const editAt = text.indexOf('}-', text.indexOf('"RELEASE_NAME"', expression)) + 2;
  if (expression < 0 || editAt < 2) throw new Error('The generated flow has no probe points in its second half.');
  return { completion: document.positionAt(name), hover: document.positionAt(name + 2), edit: document.positionAt(editAt) };
}

async function benchSize(nodes: number): Promise<{ row: string[]; figures: Record<string, Percentiles> }> {
  const text = generateFlow(nodes, 42);
  const uri = `file:///release-flow-bench/release-bench-${nodes}.json`;
  const at = probes(text);
  const samples = nodes >= 5000 ? 40 : nodes >= 500 ? 60 : 100;
  const { client } = await TestClient.start();
  try {
    await client.open(uri, text, 1);
    await client.diagnostics(uri, 1);
    let version = 1;
    // Type a character into a string, then delete it: the document stays valid, every version is new.
    const edit = async (i: number): Promise<number> => {
      version++;
      const range = i % 2 === 0 ? { start: at.edit, end: at.edit } : { start: at.edit, end: { line: at.edit.line, character: at.edit.character + 1 } };
      await client.change(uri, version, [{ range, text: i % 2 === 0 ? 'x' : '' }]);
      return version;
    };
    const diagnostics = await measure(samples, 4, async (i) => client.diagnostics(uri, await edit(i)));
    const complete = (): PromiseLike<unknown> => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at.completion });
    const completion = await measure(samples, 4, complete);
    const completionAfterEdit = await measure(samples, 4, async (i) => {
      await edit(i);
      return complete();
    });
    const hover = await measure(samples, 4, () => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at.hover }));
    const list = (await complete()) as CompletionList;
    await client.stop();

    // vscode-json-languageservice on its own, in process, on the same document and position.
    const json = jsonLanguageService();
    const document = TextDocument.create(uri, 'json', 1, text);
    const parsed = json.parseJSONDocument(document);
    const jsonCompletion = await measure(samples, 4, () => json.doComplete(document, at.completion, parsed));
    const jsonValidation = await measure(Math.min(samples, 20), 2, () =>
      json.doValidation(document, json.parseJSONDocument(document), { comments: 'ignore', trailingCommas: 'ignore', schemaValidation: 'error' }, jsonLanguageServiceSchema()),
    );
    const figures = { diagnostics, completion, completionAfterEdit, hover };
    return {
      figures,
      row: [String(nodes), `${(text.length / 1024).toFixed(0)} KB`, fmt(diagnostics), fmt(completion), fmt(completionAfterEdit), fmt(hover), String(list.items.length), fmt(jsonCompletion), fmt(jsonValidation)],
    };
  } finally {
    client.kill();
  }
}

export async function benchLanguageServer(): Promise<BenchTable> {
  const rows: string[][] = [];
  let largest: Record<string, Percentiles> = {};
  for (const nodes of SIZES) {
    const { row, figures } = await benchSize(nodes);
    rows.push(row);
    largest = figures;
  }
  const verdict = (name: string, figure: Percentiles | undefined, target: number): string =>
    `${name} p95 ${figure ? figure.p95.toFixed(1) : '?'} ms (target <= ${target} ms: ${figure && figure.p95 <= target ? 'met' : 'NOT met'})`;
  return {
    columns: ['nodes', 'JSON', 'diagnostics after edit', 'completion ${refs.', 'completion after edit', 'hover', 'items', 'json-ls completion', 'json-ls parse+validate'],
    rows,
    notes: [
      'p50 / p95 in ms. Server figures go over stdio to `node dist/server.js --stdio`; json-ls columns call vscode-json-languageservice in process',
      `(completion on an already parsed document; validation parses the document first). Diagnostics include the ${DEFAULT_SETTINGS.delay} ms debounce.`,
      `items: refs offered at the probe, a step half-way through the flow (at most ${MAX_REF_ITEMS}, nearest first, then marked incomplete). "completion after edit": a didChange then the completion at once (includes reparsing the edit).`,
      `At ${SIZES[SIZES.length - 1]} nodes: ${verdict('completion', largest.completion, TARGETS.completion)}; ${verdict('hover', largest.hover, TARGETS.hover)}; ` +
        `${verdict('diagnostics after an edit', largest.diagnostics, TARGETS.diagnostics)}; ${verdict('completion right after an edit', largest.completionAfterEdit, TARGETS.completion)}.`,
    ],
  };
}
