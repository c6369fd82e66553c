import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  DocumentDiagnosticRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  LSPErrorCodes,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  SemanticTokensRequest,
  type CompletionList,
  type DocumentSymbol,
  type LocationLink,
  type MarkupContent,
  type PublishDiagnosticsParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFlow } from '../../core/document/parse';
import { computeDiagnostics } from '../../core/language/diagnostics';
import { FLOW_ENVIRONMENT_NOTIFICATION, FLOW_GRAPH_REQUEST, type FlowEnvironmentParams, type FlowGraphParams, type FlowGraphResult } from '../../core/language/protocol';
import { buildGraph } from '../../core/graph/build';
import { decodeGraph, encodeGraph } from '../../core/graph/wire';
import { DEFAULT_SETTINGS } from '../../core/language/settings';
import { generateFlow } from '../bench/generate';
import { flowText } from '../language/helpers';
import { CAPABILITIES, repoRoot, TestClient } from './client';

const FLOW =
  flowText(
    ['"arguments": { "BRANCH": "main" }'],
    [
      '{ "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service", "branch": "${args.BRANCH}" } }',
      '{ "kind": "JobRun", "ref": "migrate", "spec": { "jobId": "shop-migrate-staging", "runtimeEnvironment": { "SHA": "${refs.biuld.sha}" } } }',
    ],
  ) + '\n';

const at = (text: string, needle: string, delta = 0): { line: number; character: number } => TextDocument.create('x', 'json', 0, text).positionAt(text.indexOf(needle) + delta);

describe('language server over stdio', function () {
  let dir: string;
  let uri: string;
  let client: TestClient;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-lsp-'));
    await fs.mkdir(path.join(dir, '.git'));
    await fs.mkdir(path.join(dir, '.northflank'));
    await fs.copyFile(path.join(repoRoot, 'examples/.northflank/pipeline.json'), path.join(dir, '.northflank/pipeline.json'));
    const file = path.join(dir, 'release-staging.json');
    await fs.writeFile(file, FLOW);
    uri = pathToFileURL(file).href;
  });
  after(async () => {
    client?.kill();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('initializes with every feature', async () => {
    const started = await TestClient.start();
    client = started.client;
    const capabilities = started.initialize.capabilities;
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['"', ':', '.', '{', '$', '(', ',']);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    for (const feature of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider', 'codeActionProvider', 'documentFormattingProvider', 'semanticTokensProvider', 'codeLensProvider'] as const) {
      assert.ok(capabilities[feature], feature);
    }
    assert.equal(capabilities.diagnosticProvider, undefined, 'this client does not pull diagnostics, so they are pushed');
  });

  it('publishes diagnostics on open, with the stage found from .northflank/pipeline.json', async () => {
    const environment = client.notification(FLOW_ENVIRONMENT_NOTIFICATION);
    await client.open(uri, FLOW, 1);
    const published = await client.diagnostics(uri, 1);
    assert.equal(published.version, 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line]), [['unknown-ref', 9]]);
    assert.match(String(published.diagnostics[0]!.message), /Did you mean 'build'\?/);
    const params = (await environment) as FlowEnvironmentParams;
    assert.equal(params.stage, 'Staging');
    assert.equal(params.pipelineFile, path.join(dir, '.northflank/pipeline.json'));
  });

  it('offers the quick fix of a published diagnostic', async () => {
    const { diagnostics } = await client.diagnostics(uri, 1);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } });
    assert.deepEqual(actions?.map((a) => a.title), ["Change to 'build'"]);
  });

  it('publishes new diagnostics after an incremental change, for that version', async () => {
    await client.change(uri, 2, [{ range: { start: at(FLOW, 'biuld'), end: at(FLOW, 'biuld', 5) }, text: 'build' }]);
    const published = await client.diagnostics(uri, 2);
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics, []);
  });

  const text = FLOW.replace('biuld', 'build');

  it('completes refs available at ${refs.', async () => {
    await client.change(uri, 3, [{ range: { start: at(text, '${refs.build.sha}', 7), end: at(text, '${refs.build.sha}', 16) }, text: '' }]);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: at(text, '${refs.build.sha}', 7) })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['build']);
    // The range and resolve data every item shares travel once, in itemDefaults; documentation comes on resolve.
    assert.deepEqual(list.itemDefaults?.editRange, { start: at(text, '${refs.build.sha}', 7), end: at(text, '${refs.build.sha}', 7) });
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, { ...list.items[0]!, data: list.itemDefaults?.data });
    assert.match((resolved.documentation as MarkupContent).value, /\*\*Start build\*\*: Starts a build/);
    await client.change(uri, 4, [{ range: { start: at(text, '${refs.build.sha}', 7), end: at(text, '${refs.build.sha}', 7) }, text: 'build.sha' }]);
  });

  it('answers hover, definition and references', async () => {
    const position = at(text, 'refs.build', 7);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    assert.match((hover?.contents as MarkupContent).value, /Build node/);
    const definition = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position })) as LocationLink[];
    assert.deepEqual(definition.map((l) => l.targetSelectionRange.start), [at(text, '"build"', 1)]);
    const references = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: true } });
    assert.deepEqual(references?.map((l) => l.range.start.line), [8, 9]);
  });

  it('renames a ref everywhere, and refuses a clash with a message', async () => {
    const position = at(text, '"build"', 2);
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position });
    assert.deepEqual(prepared, { range: { start: at(text, '"build"', 1), end: at(text, '"build"', 6) }, placeholder: 'build' });
    const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'compile' })) as WorkspaceEdit;
    const after = TextDocument.applyEdits(TextDocument.create(uri, 'json', 4, text), edit.changes![uri]!);
    assert.equal(after, text.replace('"ref": "build"', '"ref": "compile"').replace('refs.build.sha', 'refs.compile.sha'));
    await assert.rejects(
      client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'migrate' }),
      (error: ResponseError<unknown>) => error.code === LSPErrorCodes.RequestFailed && /already has the ref 'migrate'/.test(error.message),
    );
  });

  it('answers document symbols, formatting and semantic tokens', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), ['arguments', 'Sequential · 2 steps']);
    assert.deepEqual(symbols[1]!.children!.map((s) => s.name), ['build', 'migrate']);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'json', 4, text), edits ?? []);
    assert.deepEqual(JSON.parse(formatted), JSON.parse(text));
    assert.ok(formatted.includes('\n        {\n          "kind": "Build",'), formatted);
    const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.equal((tokens?.data.length ?? 0) % 5, 0);
    assert.ok((tokens?.data.length ?? 0) >= 5 * 10, 'tokens for the two expressions and the refs');
  });

  it('answers releaseFlow/graph with the graph of the version it has, for the preview', async () => {
    const ask = (version: number) => client.connection.sendRequest<FlowGraphResult | null>(FLOW_GRAPH_REQUEST, { textDocument: { uri }, version, diagnostics: [] } satisfies FlowGraphParams);
    const answer = await ask(4);
    assert.ok(answer && decodeGraph(answer.graph), 'a graph the page accepts');
    assert.equal(answer.version, 4);
    assert.equal(answer.graph, encodeGraph(buildGraph(parseFlow(text), [], { dataEdges: false }), false));
    assert.equal(await ask(3), null, 'an older version: the page parses the text it was sent');
    const notOpen = await client.connection.sendRequest(FLOW_GRAPH_REQUEST, { textDocument: { uri: 'file:///not/open.json' }, version: 1, diagnostics: [] });
    assert.equal(notOpen, null);
  });

  it('survives requests it cannot answer, and cancelled ones', async () => {
    const unknown = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///not/open.json' }, position: { line: 0, character: 0 } });
    assert.equal(unknown, null);
    const far = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 9999, character: 9999 } });
    assert.ok(far !== undefined);
    // Whether the cancellation overtakes the request is up to the pipe; either way the answer is well-formed (runSafe.test.ts pins the cancelled case).
    const source = new CancellationTokenSource();
    source.cancel();
    const outcome = await client.connection
      .sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, 'refs.build', 7) }, source.token)
      .then((hover) => (hover ? 'answered' : 'empty'), (error: ResponseError<unknown>) => (error.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : `error ${error.code}`));
    assert.ok(outcome === 'answered' || outcome === 'cancelled', outcome);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(text, 'refs.build', 7) });
    assert.ok(hover, 'still serving');
  });

  it('shuts down and exits with code 0', async () => {
    assert.equal(await client.stop(), 0);
  });

  it('answers pull diagnostics when the client asks for them instead', async () => {
    const { client: pulling, initialize } = await TestClient.start({ capabilities: { ...CAPABILITIES, textDocument: { ...CAPABILITIES.textDocument, diagnostic: {} } } });
    try {
      assert.ok(initialize.capabilities.diagnosticProvider);
      await pulling.open(uri, FLOW, 1);
      const report = await pulling.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      assert.equal(report.kind, 'full');
      assert.deepEqual(report.kind === 'full' ? report.items.map((d) => d.code) : [], ['unknown-ref']);
      const again = await pulling.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: (report as { resultId?: string }).resultId });
      assert.equal(again.kind, 'unchanged', 'the same version is not computed again');
      assert.equal(await pulling.stop(), 0);
    } finally {
      pulling.kill();
    }
  });

  it('publishes the cheap findings of a large flow first, then the complete set, both for the version opened', async () => {
    const { client: pushing } = await TestClient.start();
    try {
      const large = generateFlow(700, 4).replace('"condition": "success"', '"condition": "finished"').replace('${refs.build-3.id}', '${refs.build-x.id}');
      const largeUri = 'file:///release-flow-large/release-large.json';
      const published: PublishDiagnosticsParams[] = [];
      const expected = await computeDiagnostics(parseFlow(large), undefined, DEFAULT_SETTINGS);
      const complete = new Promise<void>((resolve) =>
        pushing.onDiagnostics((params) => {
          if (params.uri !== largeUri) return;
          published.push(params);
          if (params.diagnostics.length === expected.length) resolve();
        }),
      );
      await pushing.open(largeUri, large, 1);
      await complete;
      assert.deepEqual(published.map((p) => [p.version, p.diagnostics.map((d) => d.code)]), [[1, ['unknown-ref']], [1, expected.map((d) => d.code)]]);
      assert.deepEqual(published[1]!.diagnostics, JSON.parse(JSON.stringify(expected)), 'the complete set is a full validation');
      // An edit: its diagnostics come once, complete.
      await pushing.change(largeUri, 2, [{ range: { start: at(large, 'build-x'), end: at(large, 'build-x', 'build-x'.length) }, text: 'build-3' }]);
      const edited = await pushing.diagnostics(largeUri, 2);
      assert.deepEqual(edited.diagnostics.map((d) => d.code), ['schema']);
      assert.equal(published.filter((p) => p.version === 2).length, 1);
      assert.equal(await pushing.stop(), 0);
    } finally {
      pushing.kill();
    }
  });

  for (const argv of [['bin/release-flow.js', 'lsp', '--stdio'], ['bin/release-flow-language-server.js']]) {
    it(`runs the same server as ${argv.join(' ')}`, async () => {
      const started = await TestClient.start({ argv: [path.join(repoRoot, argv[0]!), ...argv.slice(1)] });
      try {
        await started.client.open(uri, FLOW, 1);
        const published = await started.client.diagnostics(uri, 1);
        assert.deepEqual(published.diagnostics.map((d) => d.code), ['unknown-ref']);
        assert.equal(await started.client.stop(), 0);
      } finally {
        started.client.kill();
      }
    });
  }
});
