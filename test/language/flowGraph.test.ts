import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildGraph, graphDiagnosticsOf } from '../../core/graph/build';
import type { WebviewDiagnostic } from '../../core/graph/messages';
import type { FlowGraph } from '../../core/graph/types';
import { decodeGraph, encodeGraph, isWireGraph, toWireGraph, type WireGraph } from '../../core/graph/wire';
import { parseFlow } from '../../core/document/parse';
import { createLanguageService } from '../../core/language/service';
import { DEFAULT_SETTINGS } from '../../core/language/settings';
import { setup } from './helpers';

const repoRoot = path.join(__dirname, '../../..');
const production = readFileSync(path.join(repoRoot, 'examples/release-production.json'), 'utf8');
/** A graph as plain data, `undefined` fields dropped as JSON drops them: what a receiver can compare. */
const plain = (graph: FlowGraph): unknown => JSON.parse(JSON.stringify({ ...graph, byId: [...graph.byId.keys()] }));

const diagnostic = (text: string, needle: string, severity: WebviewDiagnostic['severity'], message: string): WebviewDiagnostic => {
  const document = TextDocument.create('x', 'json', 0, text);
  const start = text.indexOf(needle);
  return { severity, message, range: { start: document.positionAt(start), end: document.positionAt(start + needle.length) } };
};

describe('the flow graph for the preview (releaseFlow/graph)', () => {
  it('is the graph the page would build from the same text and diagnostics, after a trip through JSON', () => {
    const { service, document, text } = setup(production);
    const diagnostics = [diagnostic(text, '"migrate"', 'warning', 'a warning on a node'), diagnostic(text, '"apiVersion"', 'error', 'a top-level error')];
    const answer = service.getFlowGraph(document, { textDocument: { uri: document.uri }, version: document.version, diagnostics });
    assert.ok(answer);
    assert.equal(answer.version, document.version);
    const received = decodeGraph(answer.graph);
    assert.ok(received, 'a graph the page accepts');
    assert.equal(received.dataEdges, false);
    const model = parseFlow(text);
    const expected = buildGraph(model, graphDiagnosticsOf(model, diagnostics), { dataEdges: false });
    assert.deepEqual(plain(received.graph), plain(expected));
    for (const node of received.graph.nodes) assert.equal(received.graph.byId.get(node.id), node);
    assert.ok(received.graph.nodes.some((n) => n.warnings.includes('a warning on a node')), 'the diagnostics reach their cards');
    assert.ok(received.graph.otherErrors.includes('a top-level error'));
  });

  it('answers null for another version and for text that is not valid JSON, so the page parses it', () => {
    const { service, document } = setup(production);
    assert.equal(service.getFlowGraph(document, { textDocument: { uri: document.uri }, version: document.version + 1, diagnostics: [] }), null);
    const broken = setup(production.replace('"apiVersion"', '"apiVersion" "'));
    assert.equal(broken.service.getFlowGraph(broken.document, { textDocument: { uri: broken.document.uri }, version: broken.document.version, diagnostics: [] }), null);
  });

  it('answers null past the analysis limits, as the other features do', () => {
    const service = createLanguageService({ settings: { ...DEFAULT_SETTINGS, maxFileSize: 100 } });
    const document = TextDocument.create('file:///repo/release-staging.json', 'json', 1, production);
    assert.equal(service.getFlowGraph(document, { textDocument: { uri: document.uri }, version: 1, diagnostics: [] }), null);
  });

  it('leaves out diagnostics that are not well formed instead of failing', () => {
    const { service, document } = setup(production);
    const diagnostics = [{ severity: 'error', message: 'no range' }, 'junk', { severity: 'error', message: 'good', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } } }] as unknown as WebviewDiagnostic[];
    const errorsOf = (answer: { graph: string } | null): string[] | undefined => (answer ? decodeGraph(answer.graph)?.graph.otherErrors : undefined);
    assert.deepEqual(errorsOf(service.getFlowGraph(document, { textDocument: { uri: document.uri }, version: document.version, diagnostics })), ['good']);
    assert.deepEqual(errorsOf(service.getFlowGraph(document, { textDocument: { uri: document.uri }, version: document.version, diagnostics: 'junk' as unknown as WebviewDiagnostic[] })), []);
  });
});

describe('wire graphs (core/graph/wire.ts)', () => {
  const graph = (): FlowGraph => buildGraph(parseFlow(production));
  const good = (): WireGraph => JSON.parse(encodeGraph(graph(), true)) as WireGraph;

  it('decode to the graph encoded, data edges and notes included, each note sent once', () => {
    const decoded = decodeGraph(encodeGraph(graph(), true));
    assert.ok(decoded);
    assert.equal(decoded.dataEdges, true);
    assert.deepEqual(plain(decoded.graph), plain(graph()));
    assert.ok(decoded.graph.edges.some((e) => e.type === 'data'));
    const wire = good();
    assert.equal(new Set(wire.notes).size, wire.notes.length);
    assert.ok(wire.nodes.filter((n) => n.kind === 'Release').every((n, _, all) => n.notes[0] === all[0]!.notes[0]), 'nodes of one kind share their catalogue note');
  });

  const broken: Record<string, (g: WireGraph) => void> = {
    'a node without a label': (g) => delete (g.nodes[1] as Partial<WireGraph['nodes'][number]>).label,
    'a node of an unknown type': (g) => ((g.nodes[1] as { type: string }).type = 'sprite'),
    'a note index past the notes': (g) => g.nodes[1]!.notes.push(g.notes.length),
    'a note that is not an index': (g) => ((g.nodes[1]!.notes as unknown[]).push('<b>note</b>')),
    'a child that is not a node': (g) => g.nodes.find((n) => n.children.length > 0)!.children.push('node:nowhere'),
    'a parent that is not a node': (g) => (g.nodes.find((n) => n.parent !== undefined)!.parent = 'node:nowhere'),
    'two nodes with one id': (g) => (g.nodes[2]!.id = g.nodes[1]!.id),
    'an edge to nowhere': (g) => (g.edges[0]!.to = 'node:nowhere'),
    'an edge of an unknown type': (g) => ((g.edges[0] as { type: string }).type = 'teleport'),
    'a section entry that is not a node': (g) => g.sections[0]!.entries.push('node:nowhere'),
    'a range that is not a range': (g) => ((g.nodes[1] as { range: unknown }).range = { start: 1, end: 2 }),
    'no data-edge flag': (g) => delete (g as Partial<WireGraph>).dataEdges,
  };
  for (const [what, breakIt] of Object.entries(broken)) {
    it(`refuse ${what}`, () => {
      const wire = good();
      assert.ok(isWireGraph(wire));
      breakIt(wire);
      assert.equal(isWireGraph(wire), false);
      assert.equal(decodeGraph(JSON.stringify(wire)), undefined);
    });
  }
  it('refuse what is not a graph at all', () => {
    for (const value of [null, 'graph', '{"nodes": ', 42, '[]', JSON.stringify({ nodes: 'x' }), toWireGraph(graph(), false)]) assert.equal(decodeGraph(value), undefined);
  });
});
