import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import {
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  LogMessageNotification,
  type LogMessageParams,
} from 'vscode-languageserver-protocol/node';
import { flowText } from '../language/helpers';
import { serverBundle, TestClient } from './client';

const FLOW = flowText([], ['{ "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service", "branch": "main" } }']) + '\n';

/** Log messages of the server, as they arrive. */
function collectLogs(client: TestClient): LogMessageParams[] {
  const logs: LogMessageParams[] = [];
  client.connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => void logs.push(params));
  return logs;
}

describe('language server: hostile input', function () {
  this.timeout(30_000);
  let client: TestClient | undefined;
  /** Whatever a test started outside TestClient, stopped even when the test times out. */
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    client?.kill();
    client = undefined;
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('answers nothing for a document nested 10,000 levels deep, logs why, and goes on serving', async () => {
    ({ client } = await TestClient.start());
    const logs = collectLogs(client);
    const deep = 'file:///tmp/release-deep.json';
    await client.open(deep, '['.repeat(10_000) + ']'.repeat(10_000));
    assert.deepEqual(await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: deep }, options: { tabSize: 4, insertSpaces: true } }), []);
    assert.deepEqual(await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: deep } }), []);
    assert.deepEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: deep } }), []);
    assert.ok(logs.some((l) => /formatting: no answer for file:\/\/\/tmp\/release-deep\.json: it nests more than 512 levels deep/.test(l.message)), JSON.stringify(logs));
    const uri = 'file:///tmp/release-ok.json';
    await client.open(uri, FLOW);
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0, 'other documents are still served');
    assert.equal(await client.stop(), 0);
  });

  it('a didOpen with a non-string uri is rejected alone: configuration changes and other documents still work', async () => {
    ({ client } = await TestClient.start());
    const logs = collectLogs(client);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type.method, { textDocument: { uri: 42, languageId: 'json', version: 1, text: FLOW } });
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { releaseFlow: { maxFileSize: 1000000 } } });
    const uri = 'file:///tmp/release-after.json';
    await client.open(uri, FLOW);
    const published = await client.diagnostics(uri, 1);
    assert.deepEqual(published.diagnostics, []);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { releaseFlow: { maxFileSize: 2000000 } } });
    assert.ok(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 4 } }) !== undefined);
    assert.ok(logs.some((l) => /didOpen.*rejected/i.test(l.message)), JSON.stringify(logs));
    assert.ok(!logs.some((l) => /didChangeConfiguration failed/.test(l.message)), JSON.stringify(logs));
    assert.equal(await client.stop(), 0);
  });

  it('exits (code 1) after a framing error, saying why on stderr or in the log', async () => {
    ({ client } = await TestClient.start());
    const logs = collectLogs(client);
    client.child.stdin?.write('Content-Length: nonsense\r\n\r\n{}');
    const code = await client.exited;
    assert.equal(code, 1);
    const said = client.stderr.join('') + logs.map((l) => l.message).join('\n');
    assert.match(said, /Content-Length/);
  });

  it('over --socket too: serves a client, and exits (code 1) after a framing error', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const connected = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    const child = spawn(process.execPath, [serverBundle, `--socket=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    cleanups.push(() => child.kill(), () => server.close());
    const socket = await connected;
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    let received = '';
    const answered = new Promise<string>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        if (received.includes('"capabilities"')) resolve(received);
      }),
    );
    socket.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    assert.match(await answered, /"capabilities"/);
    socket.write('Content-Length: nonsense\r\n\r\n{}');
    assert.equal(await exited, 1);
    assert.match(stderr, /Content-Length/);
  });
});
