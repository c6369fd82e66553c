/**
 * The extension manifest (package.json) against the code and the files it
 * points at: every command implemented and every implemented command
 * contributed, menus naming real commands, files the .vsix must carry.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ENTRY_COMMANDS, FEATURE_COMMANDS, NORTHFLANK_VIEW, RUNS_VIEW } from '../../client/commandIds';
import { COMMANDS } from '../../core/language/protocol';
import { DEFAULT_SETTINGS } from '../../core/language/settings';

const root = path.join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  engines: Record<string, string>;
  activationEvents: string[];
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
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
      'CHANGELOG.md', 'LICENSE',
    ].map((f) => f.replace(/^\.\//, ''));
    for (const file of files) {
      assert.ok(carried(file), `.vscodeignore lets ${file} in`);
      if (!file.startsWith('dist/')) assert.ok(existsSync(path.join(root, file)), `${file} exists`);
    }
  });

  it('names only media files that exist and that the .vsix carries, in the extension code too', () => {
    const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    const sources = (folder: string): string[] => readdirSync(path.join(root, folder), { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(path.join(folder, entry.name)) : entry.name.endsWith('.ts') ? [path.join(folder, entry.name)] : []));
    const named = sources('client').flatMap((file) => [...readFileSync(path.join(root, file), 'utf8').matchAll(/'media',\s*'([^']+)'/g)].map((m) => `media/${m[1]}`));
    assert.ok(named.length >= 2, named.join(', '));
    for (const file of named) {
      assert.ok(existsSync(path.join(root, file)), `${file} exists`);
      assert.ok(ignore.includes(`!${file}`) || (file.endsWith('.svg') && ignore.includes('!media/*.svg')), `.vscodeignore lets ${file} in`);
    }
  });

  it("gives the language server's settings one default everywhere: the server, the manifest and both READMEs", () => {
    const defaults: Record<string, unknown> = { 'diagnostics.delay': DEFAULT_SETTINGS.delay, maxFileSize: DEFAULT_SETTINGS.maxFileSize, documents: DEFAULT_SETTINGS.documents };
    const repositoryReadme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const userReadme = readFileSync(path.join(root, 'docs/extension/README.md'), 'utf8');
    for (const [name, value] of Object.entries(defaults)) {
      assert.deepEqual(contributed.configuration.properties[`releaseFlow.${name}`]?.default, value, `releaseFlow.${name} in package.json`);
      assert.match(userReadme, new RegExp(`\\| \`releaseFlow\\.${name.replace('.', '\\.')}\` \\| \`${value}\` \\|`), `releaseFlow.${name} in docs/extension/README.md`);
    }
    assert.match(repositoryReadme, new RegExp(`\\| \`diagnostics\\.delay\` \\| \`${DEFAULT_SETTINGS.delay}\` \\|`), 'diagnostics.delay in README.md');
  });

  it("describes on the extension's page every setting it contributes, and the Northflank view and sign-in", () => {
    const userReadme = readFileSync(path.join(root, 'docs/extension/README.md'), 'utf8');
    for (const name of Object.keys(contributed.configuration.properties)) assert.ok(userReadme.includes(`| \`${name}\` |`), `${name} in the settings table of docs/extension/README.md`);
    for (const words of ['Sign in to Northflank', 'Northflank view', 'Compare with Platform', 'Run on Northflank']) assert.ok(userReadme.includes(words), `docs/extension/README.md tells of ${words}`);
    // The page must not promise what is no longer true once signed in.
    assert.doesNotMatch(userReadme, /Nothing is sent anywhere/);
  });

  it('declares in allowScripts every dependency whose install script runs (npm ci warns otherwise)', () => {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; hasInstallScript?: boolean; optional?: boolean }> };
    const declared = manifest.allowScripts ?? {};
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (!entry.hasInstallScript || entry.optional || where === '') continue;
      const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
      assert.ok(declared[name] !== undefined || declared[`${name}@${entry.version}`] !== undefined, `allowScripts names ${name}`);
    }
  });
});
