/**
 * The extension manifest (package.json) against the code and the files it
 * points at: every command implemented and every implemented command
 * contributed, menus naming real commands, files the .vsix must carry.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ENTRY_COMMANDS, FEATURE_COMMANDS, NORTHFLANK_VIEW, RUNS_VIEW } from '../../client/commandIds';
import { COMMANDS } from '../../core/language/protocol';

const root = path.join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  engines: Record<string, string>;
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    languages: { id: string; configuration: string; filenamePatterns: string[] }[];
    grammars: { path: string }[];
    jsonValidation: { url: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: Record<string, { icon: string }[]>;
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string; default?: unknown }> };
  };
};
const contributed = manifest.contributes;

describe('extension manifest', () => {
  it('contributes exactly the commands the extension implements', () => {
    const ids = contributed.commands.map((c) => c.command).sort();
    assert.deepEqual(ids, [...FEATURE_COMMANDS, ...ENTRY_COMMANDS].sort());
    for (const command of Object.values(COMMANDS)) assert.ok(ids.includes(command), `the server's ${command} is contributed`);
    for (const c of contributed.commands) assert.ok(c.title && c.category, `${c.command} has a title and a category`);
  });

  it('puts only real commands in menus, and hides argument-only ones from the palette', () => {
    const ids = new Set(contributed.commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(contributed.menus)) {
      for (const item of items) assert.ok(ids.has(item.command), `${menu} names ${item.command}`);
    }
    const hidden = new Set(contributed.menus.commandPalette?.filter((i) => i.when === 'false').map((i) => i.command));
    for (const command of ['releaseFlow.rerun', 'releaseFlow.openRun', 'releaseFlow.revealNode', 'releaseFlow.runLocally']) assert.ok(hidden.has(command), command);
  });

  it('activates on flows and on JSON (for content detection), and targets VS Code 1.100', () => {
    for (const event of ['onLanguage:release-flow', 'onLanguage:json', 'workspaceContains:**/release-*.json', 'workspaceContains:**/release/*.json', 'workspaceContains:**/.northflank/**/*.json']) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /^~?\^?1\.100\./);
    assert.equal(manifest.main, './dist/extension.js');
    assert.deepEqual(contributed.views.releaseFlow?.map((v) => v.id), [RUNS_VIEW, NORTHFLANK_VIEW]);
  });

  it('describes every setting', () => {
    for (const [key, setting] of Object.entries(contributed.configuration.properties)) {
      assert.ok(key.startsWith('releaseFlow.'), key);
      assert.ok((setting.description ?? setting.markdownDescription ?? '').length > 20, `${key} is described`);
      assert.ok('default' in setting, `${key} has a default`);
    }
  });

  it('points at files that exist and that the .vsix carries', () => {
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    const carried = (file: string): boolean => ignore.some((pattern) => pattern === file || (pattern.endsWith('/*.json') && file.startsWith(pattern.slice(0, -'*.json'.length)) && file.endsWith('.json')) || (pattern.endsWith('/*.svg') && file.startsWith(pattern.slice(0, -'*.svg'.length)) && file.endsWith('.svg')));
    const files = [
      'dist/extension.js', 'dist/features.js', 'dist/northflank-client.js', 'dist/server.js', 'dist/webview.js',
      ...contributed.languages.map((l) => l.configuration),
      ...contributed.grammars.map((g) => g.path),
      ...contributed.jsonValidation.map((j) => j.url),
      ...Object.values(contributed.viewsContainers).flat().map((c) => c.icon),
      'README.md', 'CHANGELOG.md', 'LICENSE',
    ].map((f) => f.replace(/^\.\//, ''));
    for (const file of files) {
      assert.ok(carried(file), `.vscodeignore lets ${file} in`);
      if (!file.startsWith('dist/')) assert.ok(existsSync(path.join(root, file)), `${file} exists`);
    }
  });
});
