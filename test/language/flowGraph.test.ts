import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildGraph, graphDiagnosticsOf } from '../../core/graph/build';
import type { WebviewDiagnostic } from '../../core/graph/messages';
import type { FlowGraph } from '../../core/graph/types';
import { decodeGraph, encodeGraph } from '../../core/graph/wire';
import { generateFlow } from '../bench/generate';
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
  const triggered = production.replace('"triggers": []', '"triggers": [{ "ref": "main-push", "type": "git", "repoUrl": "https://github.com/acme/shop", "branchRestrictions": ["main"] }]');
  const flows: Record<string, string> = {
    'the production example': production,
    'a flow with a Git trigger': triggered,
    'the development example (parallel steps)': readFileSync(path.join(repoRoot, 'examples/release-development.json'), 'utf8'),
    'a flow with a teardown': JSON.stringify({
      apiVersion: 'v1.2',
      spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Approval', ref: 'go', spec: { amount: 1 } }] } },
      teardownSpec: { kind: 'Workflow', spec: { type: 'parallel', steps: [{ kind: 'Approval', ref: 'down', spec: { amount: 1 } }, { kind: 'Approval', spec: { amount: 2 } }] } },
    }, null, 2),
    'a generated 300-node flow': generateFlow(300, 7),
  };
  for (const [name, text] of Object.entries(flows)) {
    it(`decode to the graph encoded: ${name}, with and without data edges and diagnostics`, () => {
      const model = parseFlow(text);
      const diagnostics = graphDiagnosticsOf(model, [diagnostic(text, '"kind"', 'error', 'an error'), diagnostic(text, '"spec"', 'warning', 'a warning')]);
      for (const dataEdges of [false, true]) {
        const graph = buildGraph(model, diagnostics, { dataEdges });
        const decoded = decodeGraph(encodeGraph(graph, dataEdges));
        assert.ok(decoded);
        assert.equal(decoded.dataEdges, dataEdges);
        assert.deepEqual(plain(decoded.graph), plain(graph));
        for (const node of decoded.graph.nodes) assert.equal(decoded.graph.byId.get(node.id), node);
      }
    });
  }

  it('is much smaller than the graph as plain JSON, and sends each repeated word once', () => {
    const graph = buildGraph(parseFlow(generateFlow(300, 7)));
    const encoded = encodeGraph(graph, true);
    assert.ok(encoded.length * 3 < JSON.stringify({ ...graph, byId: undefined }).length, `${encoded.length} bytes`);
    const strings = (JSON.parse(encoded) as { strings: string[] }).strings;
    assert.equal(new Set(strings).size, strings.length);
  });

  /** A well-formed wire graph (as parsed JSON), to break one part of. */
  const good = (): { strings: string[]; nodes: unknown[][]; edges: unknown[][]; sections: unknown[][]; format?: number; dataEdges?: boolean } =>
    JSON.parse(encodeGraph(buildGraph(parseFlow(triggered)), true));
  const broken: Record<string, (g: ReturnType<typeof good>) => void> = {
    'another format': (g) => (g.format = 2),
    'a node that is not a tuple of the length expected': (g) => g.nodes[1]!.pop(),
    'a label that is not text': (g) => (g.nodes[1]![6] = { html: '<b>' }),
    'a node of an unknown type': (g) => (g.nodes[1]![1] = g.strings.push('sprite') - 1),
    'a word index past the words': (g) => (g.nodes[1]![3] = g.strings.length),
    'a note that is not an index': (g) => (g.nodes[1]![9] as unknown[]).push('<b>note</b>'),
    'a parent that is not a node': (g) => (g.nodes[3]![10] = g.nodes.length),
    'two nodes with one id': (g) => (g.nodes[2]![0] = g.nodes[1]![0] ?? 'node:x') && (g.nodes[1]![0] = g.nodes[2]![0]),
    'an edge to nowhere': (g) => (g.edges[0]![2] = g.nodes.length),
    'an edge of an unknown type': (g) => (g.edges[0]![0] = g.strings.push('teleport') - 1),
    'a section entry that is not a node': (g) => (g.sections[0]![1] as unknown[]).push(-1),
    'a range that is not a range': (g) => (g.nodes[1]![14] = [1, 2]),
    'a span with a negative offset': (g) => (g.nodes[1]![13] = [-1, 2]),
    'a node without an id or a path': (g) => {
      g.nodes[1]![0] = null;
      g.nodes[1]![12] = null;
    },
    'no data-edge flag': (g) => delete g.dataEdges,
  };
  for (const [what, breakIt] of Object.entries(broken)) {
    it(`refuse ${what}`, () => {
      const wire = good();
      assert.ok(decodeGraph(JSON.stringify(wire)), 'well formed before');
      breakIt(wire);
      assert.equal(decodeGraph(JSON.stringify(wire)), undefined);
    });
  }
  it('refuse what is not a graph at all', () => {
    for (const value of [null, 'graph', '{"nodes": ', 42, '[]', JSON.stringify({ nodes: 'x' }), JSON.stringify({ ...buildGraph(parseFlow(production)), byId: undefined })]) assert.equal(decodeGraph(value), undefined);
  });
});
