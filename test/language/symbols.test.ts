import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { setup } from './helpers';

const repoRoot = path.join(__dirname, '../../..');

const outline = (symbols: DocumentSymbol[], depth = 0): string[] =>
  symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name} — ${s.detail ?? ''}`, ...outline(s.children ?? [], depth + 1)]);

describe('document symbols', () => {
  it('outlines arguments, then workflows and nodes by ref or by what they do', () => {
    const text = readFileSync(path.join(repoRoot, 'examples/release-production.json'), 'utf8').replace('"ref": "promote-api",', '');
    const { service, document } = setup(text);
    const symbols = service.findDocumentSymbols(document);
    assert.deepEqual(outline(symbols), [
      'arguments — 2',
      '  NOTIFY — "true"',
      '  RELEASE_NOTE — "scheduled release"',
      'triggers — 0',
      'Sequential · 7 steps — Workflow',
      '  backup — AddonBackup · Back up shop-db-prod (snapshot)',
      '  backup-done — Condition · Wait: shop-db-prod backup succeeds',
      '  promote-migrate — Release · Promote shop-migrate-staging -> shop-migrate-prod',
      '  migrate — JobRun · Run shop-migrate-prod',
      '  migrate-done — Condition · Wait: shop-migrate-prod run succeeds',
      '  Promote shop-api-staging -> shop-api-prod — Release',
      '  notify — Message · Post to Slack (shop-releases)',
    ]);
    const names = outline(symbols);
    assert.ok(names.includes('  promote-migrate — Release · Promote shop-migrate-staging -> shop-migrate-prod'), names.join('\n'));
    assert.ok(names.includes('  Promote shop-api-staging -> shop-api-prod — Release'), names.join('\n'));
    const root = symbols.find((s) => s.detail === 'Workflow')!;
    assert.equal(root.kind, SymbolKind.Module);
    const backup = root.children![0]!;
    assert.equal(document.getText(backup.selectionRange), '"backup"');
    assert.ok(document.getText(backup.range).startsWith('{') && document.getText(backup.range).endsWith('}'));
  });

  it('nests workflows and names the teardown tree', () => {
    const { service, document } = setup(JSON.stringify({
      apiVersion: 'v1.2',
      triggers: [{ ref: 'push' }],
      spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [{ kind: 'Workflow', ref: 'both', spec: { type: 'parallel', steps: [{ kind: 'JobRun', spec: { jobId: 'j' } }] } }] } },
      teardownSpec: { spec: { kind: 'Workflow', spec: { type: 'sequential', steps: [] } } },
    }));
    assert.deepEqual(outline(service.findDocumentSymbols(document)), [
      'triggers — 1',
      '  push — Git trigger',
      'Sequential · 1 step — Workflow',
      '  both — Workflow · Parallel · 1 step',
      '    Run j — JobRun',
      'teardown — Workflow',
    ]);
  });
});
