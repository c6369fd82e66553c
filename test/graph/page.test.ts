import * as assert from 'node:assert/strict';
import { isHostMessage, isWebviewMessage, type UpdateMessage } from '../../core/graph/messages';
import { buildPreviewPage, createNonce, jsonForScript } from '../../core/graph/page';

const update: UpdateMessage = { type: 'update', text: '{"a": "</script><script>alert(1)</script>"}', version: 3, fileName: 'x.json', diagnostics: [] };

describe('preview page', () => {
  it('has a strict CSP with a fresh nonce on its only script and style', () => {
    const html = buildPreviewPage({ title: 'flow.json', script: { inline: 'console.log(1)' } });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.ok(csp);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 22, 'a nonce of 128 bits');
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`);
    assert.equal((html.match(/<script nonce="/g) ?? []).length, 1);
    assert.equal((html.match(/<style nonce="/g) ?? []).length, 1);
    assert.ok(!/\sstyle="/.test(html), 'no inline style attributes: the CSP would block them');
    assert.ok(!/(src|href)="https?:/.test(html), 'nothing loads from the network');
    const again = buildPreviewPage({ title: 'flow.json', script: { inline: '' } });
    assert.notEqual(/'nonce-([^']+)'/.exec(again)?.[1], nonce, 'each page gets its own nonce');
    assert.notEqual(createNonce(), createNonce());
  });

  it('loads the script by URI for VS Code, allowing its webview source', () => {
    const html = buildPreviewPage({ title: 't', script: { uri: 'vscode-resource://x/dist/webview.js' }, cspSource: 'vscode-webview://abc', nonce: 'N0NCE' });
    assert.match(html.replace(/&#39;/g, "'"), /script-src 'nonce-N0NCE' vscode-webview:\/\/abc;/);
    assert.ok(html.includes('<script nonce="N0NCE" src="vscode-resource://x/dist/webview.js"></script>'));
    assert.match(html, /body data-theme="vscode"/);
    assert.ok(html.includes('var(--vscode-editor-background'), 'colours follow the editor theme');
  });

  it('embeds the first document so that no markup in it can end the data block', () => {
    const html = buildPreviewPage({ title: '<b>t</b>', script: { inline: 'var s = "</script>";' }, initial: update, theme: 'auto' });
    const block = /<script type="application\/json" id="rf-initial">([^<]*)<\/script>/.exec(html);
    assert.ok(block, 'the data block ends where it should');
    assert.deepEqual(JSON.parse(block[1]!), { update });
    assert.ok(html.includes('<title>&lt;b&gt;t&lt;/b&gt;</title>'));
    assert.ok(html.includes('var s = "<\\/script>";'), 'the inline script cannot close its element');
    assert.ok(html.includes('@media (prefers-color-scheme: dark)'));
    assert.equal(jsonForScript('\u2028<!--'), '"\\u2028\\u003c!--"');
  });

  it('checks the shape of every message', () => {
    assert.ok(isHostMessage(update));
    assert.ok(isHostMessage({ ...update, maxFileSize: 1000 }));
    assert.ok(isHostMessage({ type: 'cursor', position: { line: 1, character: 2 } }));
    assert.ok(isHostMessage({ type: 'runStatus', events: [] }));
    assert.ok(isHostMessage({ type: 'requestExport', format: 'png' }));
    for (const bad of [null, 'update', { type: 'update', text: 1 }, { type: 'cursor' }, { type: 'requestExport', format: 'gif' }, { type: 'reveal' }, { type: 'update', text: '', version: 1, diagnostics: [{ message: 'x' }] }, { type: 'update', text: '', version: 1, diagnostics: [], maxFileSize: '1000' }, { type: 'update', text: '', version: 1, diagnostics: [], maxFileSize: -1 }]) {
      assert.ok(!isHostMessage(bad), JSON.stringify(bad));
    }
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    assert.ok(isWebviewMessage({ type: 'reveal', nodeId: 'n', range, selectionRange: range }));
    assert.ok(isWebviewMessage({ type: 'export', format: 'svg', data: '<svg/>', fileName: 'a.svg' }));
    assert.ok(!isWebviewMessage({ type: 'reveal', nodeId: 'n' }));
  });
});
