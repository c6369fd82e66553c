/**
 * The .vsix users install: built by `npm run package`'s script, opened as the
 * zip it is. Its README is the user's page (docs/extension/README.md), every
 * image of which VS Code's details page can show: an https address or a data:
 * URI of a real image (that page loads no file from the extension), and the
 * whole stays under 5 MB.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const root = path.join(__dirname, '../../..');
const run = promisify(execFile);

interface ReadmeModule {
  USER_README: string;
  repositoryWebUrl(repository: unknown): string | undefined;
  packagedReadme(markdown: string, options: { readmePath: string; repository?: unknown; readFile(file: string): Buffer }): { text: string; images: { target: string; file: string; url: string }[] };
}
const readmeModule = (): Promise<ReadmeModule> => import(pathToFileURL(path.join(root, 'scripts/packaged-readme.mjs')).href) as Promise<ReadmeModule>;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const IMAGE_SIGNATURES: Record<string, Buffer> = { 'image/png': PNG.subarray(0, 8), 'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]), 'image/gif': Buffer.from('GIF8') };

/** Image sources of a Markdown text: ![alt](src) and <img src>. */
function imageSources(markdown: string): string[] {
  const sources = [...markdown.matchAll(/!\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1] as string);
  return [...sources, ...[...markdown.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1] as string)];
}

describe('the packaged extension (.vsix)', function () {
  this.timeout(120000);
  let folder: string;
  let zip: JSZip;
  let size: number;
  let stderr: string;

  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-vsix-'));
    const vsix = path.join(folder, 'release-flow-studio.vsix');
    ({ stderr } = await run(process.execPath, [path.join(root, 'scripts', 'package.mjs'), vsix], { cwd: root, maxBuffer: 16 * 1024 * 1024 }));
    const bytes = await fs.readFile(vsix);
    size = bytes.length;
    zip = await JSZip.loadAsync(bytes);
  });

  after(async () => {
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('prints no progress when its output is not a terminal', () => {
    assert.doesNotMatch(stderr, /^package: /m);
  });

  it('stays under 5 MB', () => {
    assert.ok(size < 5 * 1024 * 1024, `${size} bytes`);
  });

  it("carries the user's README, not the developers'", async () => {
    const readme = await zip.file('extension/readme.md')?.async('string');
    assert.ok(readme, 'extension/readme.md is in the package');
    assert.match(readme, /^# Release Flow Studio/);
    assert.match(readme, /## Settings/);
    for (const developerOnly of ['npm test', 'npm ci', '## Layout', '## Scripts', 'test:integration']) assert.ok(!readme.includes(developerOnly), `no '${developerOnly}'`);
    assert.equal(zip.file('extension/README.md'), null, 'one README only');
  });

  it('resolves every image of its README: an https address, a data: URI of a real image, or a packaged file', async () => {
    const readme = (await zip.file('extension/readme.md')?.async('string')) ?? '';
    const sources = imageSources(readme);
    const source = await fs.readFile(path.join(root, (await readmeModule()).USER_README), 'utf8');
    assert.equal(sources.length, imageSources(source).length, 'every image of the source is there');
    assert.ok(sources.length >= 5);
    for (const src of sources) {
      const data = /^data:(image\/[\w.+-]+);base64,(.*)$/s.exec(src);
      if (data) {
        const signature = IMAGE_SIGNATURES[data[1] as string];
        assert.ok(signature, `${data[1]} is an image type VS Code shows`);
        assert.ok(Buffer.from(data[2] as string, 'base64').subarray(0, signature.length).equals(signature), `the data: URI holds a ${data[1]}`);
      } else if (!/^https:\/\//.test(src)) {
        assert.ok(zip.file(path.posix.join('extension', src)), `${src} is an https address or a packaged file`);
      }
    }
  });

  it('leaves no relative link that the package cannot resolve', async () => {
    const readme = (await zip.file('extension/readme.md')?.async('string')) ?? '';
    for (const [, target] of readme.matchAll(/\]\(\s*<?([^)\s>]+)/g)) {
      assert.ok(/^(https:|data:|#|mailto:)/.test(target as string) || zip.file(path.posix.join('extension', target as string)), `${target}`);
    }
  });
});

describe('the README written into the package', () => {
  const files: Record<string, Buffer> = { 'docs/images/a.png': PNG, 'docs/images/b.svg': Buffer.from('<svg/>') };
  const readFile = (file: string): Buffer => {
    const bytes = files[file];
    if (!bytes) throw Object.assign(new Error(`ENOENT ${file}`), { code: 'ENOENT' });
    return bytes;
  };
  const readmePath = 'docs/extension/README.md';

  it('reads the repository field as npm does, for GitHub and GitLab', async () => {
    const { repositoryWebUrl } = await readmeModule();
    assert.equal(repositoryWebUrl('acme/studio'), 'https://github.com/acme/studio');
    assert.equal(repositoryWebUrl('github:acme/studio'), 'https://github.com/acme/studio');
    assert.equal(repositoryWebUrl('gitlab:acme/studio'), 'https://gitlab.com/acme/studio');
    assert.equal(repositoryWebUrl({ type: 'git', url: 'git+https://github.com/acme/studio.git' }), 'https://github.com/acme/studio');
    assert.equal(repositoryWebUrl({ type: 'git', url: 'git@github.com:acme/studio.git' }), 'https://github.com/acme/studio');
    assert.equal(repositoryWebUrl({ url: 'https://gitlab.com/group/sub/studio' }), 'https://gitlab.com/group/sub/studio');
    assert.equal(repositoryWebUrl({ url: 'https://example.org/acme/studio.git' }), undefined);
    assert.equal(repositoryWebUrl(undefined), undefined);
  });

  it('links images and pages into the repository when package.json names one', async () => {
    const { packagedReadme } = await readmeModule();
    const { text } = packagedReadme('![shot](../images/a.png "A") and [the changelog](../../CHANGELOG.md#unreleased) and [site](https://northflank.com)\n<img src="../images/b.svg">', { readmePath, repository: 'github:acme/studio', readFile });
    assert.equal(text, '![shot](https://github.com/acme/studio/raw/HEAD/docs/images/a.png "A") and [the changelog](https://github.com/acme/studio/blob/HEAD/CHANGELOG.md#unreleased) and [site](https://northflank.com)\n<img src="https://github.com/acme/studio/raw/HEAD/docs/images/b.svg">');
  });

  it('inlines images as data: URIs without a repository, and refuses what it cannot resolve', async () => {
    const { packagedReadme } = await readmeModule();
    const { text, images } = packagedReadme('[![shot](../images/a.png)](https://northflank.com)', { readmePath, readFile });
    assert.equal(text, `[![shot](data:image/png;base64,${PNG.toString('base64')})](https://northflank.com)`);
    assert.equal(images.length, 1);
    assert.throws(() => packagedReadme('![gone](../images/gone.png)', { readmePath, readFile }), /the image '\.\.\/images\/gone\.png' \(docs\/images\/gone\.png\) does not exist/);
    assert.throws(() => packagedReadme('![vector](../images/b.svg)', { readmePath, readFile }), /cannot be inlined/);
    assert.throws(() => packagedReadme('see [the changelog](../../CHANGELOG.md)', { readmePath, readFile }), /the link '\.\.\/\.\.\/CHANGELOG\.md' cannot work in the package/);
  });
});

describe('progress of npm run build and npm run package on a terminal', function () {
  this.timeout(120000);
  /** Runs a script with stdout and stderr on a pseudo-terminal (util-linux's script), as a user's shell does. */
  const onTerminal = async (args: string): Promise<string> => (await run('script', ['-qec', `${JSON.stringify(process.execPath)} ${args}`, '/dev/null'], { cwd: root, maxBuffer: 16 * 1024 * 1024 })).stdout.replace(/\r\n/g, '\n');

  it('the build: a line per step, then its time', async () => {
    const output = await onTerminal('scripts/build.mjs');
    assert.match(output, /^build: 1\/4 drop compiled files of deleted sources from out\/\.\.\.\nbuild: 2\/4 type-check and compile \(tsc -b\) into out\/\.\.\.\nbuild: 3\/4 write schemas\/\*\.json from their typed sources\.\.\.\nbuild: 4\/4 bundle dist\/ \(cli, server, webview, extension\) with esbuild\.\.\.\nbuild: done in \d+\.\d s\n$/);
  });

  it('the package: its README, then vsce and its time, before the listing', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-vsix-'));
    try {
      const output = await onTerminal(`scripts/package.mjs ${JSON.stringify(path.join(folder, 'x.vsix'))}`);
      assert.match(output, /^package: README from docs\/extension\/README\.md: 6 images, /);
      assert.match(output, /\npackage: vsce package: .*x\.vsix\.\.\.\npackage: vsce package: done in \d+\.\d s\n.*x\.vsix: \d\.\d\d MB/);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
