/**
 * What a user does in a 5,000-node flow, measured over stdio as an editor
 * sees it, for this server and for the json-ls anchor (test/bench/jsonServer.ts,
 * vscode-json-languageservice with the same schema) in the same run: open,
 * typing a character and deleting it at 16 places spread over the file
 * (top, middle, end; in a string value, a key, an expression; a ref that other
 * nodes use), completion in `${refs.` at several depths (the last one of the
 * file included) and right after an edit. The places are in PLACES below.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { CompletionRequest, HoverRequest, type CompletionList, type Position, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFlow } from '../../core/document/parse';
import { computeDiagnostics } from '../../core/language/diagnostics';
import { DEFAULT_SETTINGS } from '../../core/language/settings';
import { TestClient } from '../server/client';
import { generateFlow } from './generate';
import type { BenchTable } from './run';

const NODES = 5000;
/** The editor's default `releaseFlow.diagnostics.delay` (package.json, core/language/settings.ts); the anchor waits as long. */
const DELAY_MS = DEFAULT_SETTINGS.delay;
const TARGETS = { edit: 100, completion: 20, open: 700 };
const ANCHOR = path.join(__dirname, 'jsonServer.js');

export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] ?? NaN, n: sorted.length };
}

const fmt = (p: Percentiles): string => `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)}`;

interface Place {
  name: string;
  /** Where a character is typed (then deleted). */
  offset: number;
}

/** The document the bench opens: the generated flow with one finding only the schema pass makes, near the end. */
export function benchDocument(): string {
  const text = generateFlow(NODES, 42);
  const at = text.lastIndexOf('"condition": "success"');
  return `${text.slice(0, at)}"condition": "finished"${text.slice(at + '"condition": "success"'.length)}`;
}

/** Offset of `pattern` (+ `skip`) searching forward from `from`, or backward from the end. */
function find(text: string, pattern: string, from: number | 'end', skip = 0): number {
  const at = from === 'end' ? text.lastIndexOf(pattern) : text.indexOf(pattern, from);
  if (at < 0) throw new Error(`The bench document has no ${pattern} after ${from}.`);
  return at + skip;
}

/** 16 places, top to bottom of the file, each a realistic spot to type in. */
export function placesIn(text: string): Place[] {
  const middle = text.length >> 1;
  const regions: [string, number | 'end'][] = [['top', text.indexOf('"spec": {', text.indexOf('"gitops"'))], ['middle', middle], ['end', 'end']];
  const places: Place[] = [
    { name: 'top: argument default (string)', offset: find(text, '"weekly release"', 0, 4) },
    { name: 'top: trigger ref used by every Build', offset: find(text, '"ref": "main-push"', 0, '"ref": "main-push'.length) },
  ];
  for (const [region, from] of regions) {
    // From a Release's target id: the region's Release, its origin key and expression, and its stage's Build ref.
    const target = from === 'end' ? find(text, '"target": {', 'end') : find(text, '"target": {', from);
    const origin = text.lastIndexOf('"origin": {', target);
    // The stage's Build: the last `"ref": "build-N"` before the target (not `build-N-done`).
    const builds = [...text.slice(0, target).matchAll(/"ref": "build-\d+"/g)];
    const build = builds[builds.length - 1]?.index ?? -1;
    places.push(
      { name: `${region}: Release target id (string)`, offset: find(text, '"id": "shop-', target, '"id": "shop-'.length) },
      { name: `${region}: origin "branch" (key)`, offset: find(text, '"branch"', origin, 3) },
      { name: `${region}: \${refs.build-N.id} (expression)`, offset: find(text, '.id}"', find(text, '"build": "${refs.', origin), 2) },
      { name: `${region}: Build ref used by its stage`, offset: find(text, '"', build + '"ref": "'.length) },
    );
  }
  places.push(
    { name: 'middle: node kind (value)', offset: find(text, '"kind": "Release"', middle, '"kind": "Release'.length) },
    { name: 'middle: a stage\'s "steps" (key, moves nodes)', offset: find(text, '"steps"', find(text, '"ref": "stage-', middle), 3) },
  );
  return places;
}

/** `${refs.` probes: where completion is asked, at several depths. */
export function completionProbesIn(text: string): Place[] {
  const after = (at: number): number => at + '${refs.'.length;
  return [
    { name: 'first ${refs. (a Build, depth 2)', offset: after(find(text, '${refs.', text.indexOf('"spec": {', text.indexOf('"gitops"')))) },
    { name: 'middle ${refs. (a JobRun, depth 4)', offset: after(find(text, '${refs.', find(text, '"BACKUP_ID"', text.length >> 1))) },
    { name: 'last ${refs. of the file', offset: after(find(text, '${refs.', 'end')) },
  ];
}

interface Server {
  name: string;
  start(): Promise<TestClient>;
}

const initializationOptions = { releaseFlow: { diagnostics: { delay: DELAY_MS } } };
const OURS: Server = { name: 'release-flow', start: async () => (await TestClient.start({ initializationOptions })).client };
const JSON_LS: Server = { name: 'json-ls', start: async () => (await TestClient.start({ argv: [ANCHOR, '--stdio', '--delay', String(DELAY_MS)] })).client };

/** Resolves with the first diagnostics of `version` for which `accept` holds. */
function diagnosticsWhere(client: TestClient, uri: string, accept: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => client.onDiagnostics((params) => params.uri === uri && accept(params) && resolve(params)));
}

interface OpenFigures {
  first: number[];
  complete: number[];
}

/** Fresh server processes, one per run: didOpen to the first diagnostics, and to the complete set (equal to `expected`; the first when undefined). */
async function measureOpen(server: Server, text: string, expected: string | undefined, runs: number): Promise<OpenFigures> {
  const figures: OpenFigures = { first: [], complete: [] };
  for (let run = 0; run < runs; run++) {
    const client = await server.start();
    try {
      const uri = `file:///release-flow-bench/open-${run}/release-bench.json`;
      const first = diagnosticsWhere(client, uri, () => true);
      const complete = diagnosticsWhere(client, uri, (params) => expected === undefined || JSON.stringify(params.diagnostics) === expected);
      const start = performance.now();
      await client.open(uri, text, 1);
      await first;
      figures.first.push(performance.now() - start);
      await complete;
      figures.complete.push(performance.now() - start);
      await client.stop();
    } finally {
      client.kill();
    }
  }
  return figures;
}

interface SessionFigures {
  /** Per place: didChange to the diagnostics of that version. */
  edits: Map<string, number[]>;
  completion: Map<string, number[]>;
  completionAfterEdit: number[];
  completionWhileValidating: number[];
  hover: number[];
  /** Diagnostics notifications per edited version (1 each when nothing stale is published). */
  publishesPerVersion: number;
  finalDiagnostics: string;
  refItems: number;
  /** Server CPU ms per measured edit (the edit and its diagnostics), and per completion request. */
  cpuPerEdit: number;
  cpuPerCompletion: number;
}

/** One server, one open document: edits at every place, then completions. */
async function measureSession(server: Server, text: string, rounds: number, completionSamples: number): Promise<SessionFigures> {
  const client = await server.start();
  const uri = 'file:///release-flow-bench/release-bench.json';
  const lines = TextDocument.create(uri, 'json', 1, text);
  const places = placesIn(text);
  const probes = completionProbesIn(text);
  const publishes = new Map<number, number>();
  client.onDiagnostics((params) => params.uri === uri && publishes.set(params.version ?? 0, (publishes.get(params.version ?? 0) ?? 0) + 1));
  const figures: SessionFigures = {
    edits: new Map(),
    completion: new Map(),
    completionAfterEdit: [],
    completionWhileValidating: [],
    hover: [],
    publishesPerVersion: 0,
    finalDiagnostics: '',
    refItems: 0,
    cpuPerEdit: NaN,
    cpuPerCompletion: NaN,
  };
  const pid = client.child.pid;
  try {
    let version = 1;
    await client.open(uri, text, version);
    await client.diagnostics(uri, version);
    const type = async (place: Place, insert: boolean): Promise<number> => {
      const at = lines.positionAt(place.offset);
      const range = insert ? { start: at, end: at } : { start: at, end: { line: at.line, character: at.character + 1 } };
      await client.change(uri, ++version, [{ range, text: insert ? 'x' : '' }]);
      return version;
    };
    // The probe's position once a character is typed at `edit` (typed text has no line break).
    const probeAt = (probe: Place, edit: Place | undefined): Position => {
      const at = lines.positionAt(probe.offset);
      const shifted = edit !== undefined && edit.offset <= probe.offset && lines.positionAt(edit.offset).line === at.line;
      return shifted ? { line: at.line, character: at.character + 1 } : at;
    };
    const complete = (position: Position): Promise<CompletionList | null> =>
      client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as Promise<CompletionList | null>;

    // A warm-up round, unmeasured: the first edits pay for compiling the code paths.
    for (const place of places.slice(0, 4)) for (const insert of [true, false]) await client.diagnostics(uri, await type(place, insert));
    const firstEdited = version + 1;
    const editCpu = cpuMsOf(pid);
    for (let round = 0; round < rounds; round++) {
      for (const place of places) {
        for (const insert of [true, false]) {
          const start = performance.now();
          await client.diagnostics(uri, await type(place, insert));
          const list = figures.edits.get(place.name) ?? [];
          list.push(performance.now() - start);
          figures.edits.set(place.name, list);
        }
      }
    }
    const editedVersions = version - firstEdited + 1;
    figures.cpuPerEdit = (cpuMsOf(pid) - editCpu) / editedVersions;
    let editPublishes = 0;
    for (const [v, count] of publishes) if (v >= firstEdited) editPublishes += count;
    figures.publishesPerVersion = editPublishes / editedVersions;

    const completionCpu = cpuMsOf(pid);
    for (const probe of probes) {
      await complete(probeAt(probe, undefined));
      const times: number[] = [];
      for (let i = 0; i < completionSamples; i++) {
        const start = performance.now();
        const list = await complete(probeAt(probe, undefined));
        times.push(performance.now() - start);
        if (probe === probes[probes.length - 1]) figures.refItems = list?.items.length ?? 0;
      }
      figures.completion.set(probe.name, times);
    }
    figures.cpuPerCompletion = (cpuMsOf(pid) - completionCpu) / (probes.length * (completionSamples + 1));
    const last = probes[probes.length - 1] as Place;
    for (const place of places) {
      for (const insert of [true, false]) {
        // Typed, then completion asked at once: the request waits for the edit to be taken in.
        await type(place, insert);
        const start = performance.now();
        await complete(probeAt(last, insert ? place : undefined));
        figures.completionAfterEdit.push(performance.now() - start);
        await client.diagnostics(uri, version);
      }
    }
    for (const place of places) {
      for (const insert of [true, false]) {
        // Typed, a pause, then completion: the diagnostics of the edit are being computed meanwhile.
        const edited = await type(place, insert);
        await new Promise((resolve) => setTimeout(resolve, DELAY_MS + 5));
        const start = performance.now();
        await complete(probeAt(last, insert ? place : undefined));
        figures.completionWhileValidating.push(performance.now() - start);
        await client.diagnostics(uri, edited);
      }
    }
    for (let i = 0; i < completionSamples; i++) {
      const start = performance.now();
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: lines.positionAt(last.offset + 2) });
      figures.hover.push(performance.now() - start);
    }
    figures.finalDiagnostics = JSON.stringify((await client.diagnostics(uri, version)).diagnostics);
    await client.stop();
  } finally {
    client.kill();
  }
  return figures;
}

const all = (map: Map<string, number[]>): number[] => [...map.values()].flat();

/** CPU time (user + system, ms) a process has used so far, from /proc: unlike wall time, other processes' load hardly changes it. */
export function cpuMsOf(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** The user's flow at 5,000 nodes, this server beside the json-ls anchor. */
export async function benchUserEdits(): Promise<BenchTable> {
  const loadBefore = loadavg()[0] as number;
  const text = benchDocument();
  const expected = JSON.stringify(await computeDiagnostics(parseFlow(text), undefined, DEFAULT_SETTINGS));
  const oursOpen = await measureOpen(OURS, text, expected, 3);
  const ours = await measureSession(OURS, text, 3, 30);
  const anchorOpen = await measureOpen(JSON_LS, text, undefined, 2);
  const anchor = await measureSession(JSON_LS, text, 1, 15);

  const rows: string[][] = [];
  const row = (what: string, a: Percentiles, b: Percentiles | undefined): void => {
    rows.push([what, String(a.n), fmt(a), a.max.toFixed(1), b ? fmt(b) : '-', b ? `${(a.p95 / b.p95).toFixed(2)}x` : '-']);
  };
  row('open -> first diagnostics', percentiles(oursOpen.first), percentiles(anchorOpen.first));
  row('open -> complete diagnostics', percentiles(oursOpen.complete), percentiles(anchorOpen.complete));
  for (const [name, times] of ours.edits) row(`edit ${name}`, percentiles(times), percentiles(anchor.edits.get(name) ?? []));
  const oursEdits = percentiles(all(ours.edits));
  row('edit -> diagnostics, all places', oursEdits, percentiles(all(anchor.edits)));
  for (const [name, times] of ours.completion) row(`completion ${name}`, percentiles(times), percentiles(anchor.completion.get(name) ?? []));
  row('completion right after an edit', percentiles(ours.completionAfterEdit), percentiles(anchor.completionAfterEdit));
  row('completion while diagnostics run', percentiles(ours.completionWhileValidating), percentiles(anchor.completionWhileValidating));
  const oursCompletion = percentiles([...all(ours.completion), ...ours.completionAfterEdit, ...ours.completionWhileValidating]);
  row('completion, all of the above', oursCompletion, percentiles([...all(anchor.completion), ...anchor.completionAfterEdit, ...anchor.completionWhileValidating]));
  row('hover on the last ref', percentiles(ours.hover), percentiles(anchor.hover));
  const cpuRow = (what: string, a: number, b: number): void => void rows.push([what, '', a.toFixed(1), '', b.toFixed(1), `${(a / b).toFixed(2)}x`]);
  cpuRow('server CPU ms per edit (mean)', ours.cpuPerEdit, anchor.cpuPerEdit);
  cpuRow('server CPU ms per completion (mean)', ours.cpuPerCompletion, anchor.cpuPerCompletion);

  const verdict = (what: string, value: number, target: number): string => `${what} ${value.toFixed(0)} ms (target <= ${target} ms: ${value <= target ? 'met' : 'NOT met'})`;
  return {
    columns: ['5,000 nodes, 2.5 MB', 'n', 'release-flow p50 / p95', 'max', 'json-ls p50 / p95', 'p95 ratio'],
    rows,
    notes: [
      `ms over stdio, didOpen/didChange/request to the answer or to the diagnostics of that version, ${DELAY_MS} ms debounce (the editor's default) in both servers.`,
      `Load average (1 min) ${loadBefore.toFixed(1)} before, ${(loadavg()[0] as number).toFixed(1)} after, on ${cpus().length} cores: wall times wait for a core when it is higher; the CPU rows (from /proc) do not.`,
      'json-ls = test/bench/jsonServer.ts: vscode-json-languageservice over stdio with the release-flow schema, parse once per version (fewer samples: it is slow).',
      `Edits: a character typed then deleted at each place; this server ${ours.edits.size} places x ${2 * 3} samples after a warm-up, json-ls x 2. Open: fresh processes (3 / 2).`,
      `Completion: ${ours.refItems} items at the last \${refs. of the file (json-ls offers nothing inside a string). Diagnostics notifications per edited version: ${ours.publishesPerVersion.toFixed(2)} (1.00 = no stale or partial set after an edit).`,
      `Diagnostics after the last edit equal a fresh full validation of the same text: ${ours.finalDiagnostics === expected ? 'yes' : 'NO'}.`,
      `Targets: ${verdict('edit p95', oursEdits.p95, TARGETS.edit)}; worst place p95 ${Math.max(...[...ours.edits.values()].map((t) => percentiles(t).p95)).toFixed(0)} ms; ` +
        `${verdict('completion p95', oursCompletion.p95, TARGETS.completion)}; ${verdict('open -> first diagnostics (median)', percentiles(oursOpen.first).p50, TARGETS.open)}.`,
    ],
  };
}
