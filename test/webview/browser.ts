/**
 * Drives the flow-graph page in headless Chromium (Debian's, installed by
 * test/support/setup-test-deps.sh) through playwright-core. The page is the one
 * users get: built by buildPreviewPage with dist/webview.js inlined, opened
 * from a file, with VS Code's webview API stood in for by a recorder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage, UpdateMessage, WebviewMessage } from '../../core/graph/messages';
import { buildPreviewPage, type PageTheme, type PreviewPageOptions } from '../../core/graph/page';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const repoRoot = path.join(__dirname, '../../..');
export const artifacts = path.join(repoRoot, 'test-artifacts');

/**
 * Skips the suite when Chromium is genuinely absent on a developer machine;
 * in CI (`CI` set) a missing browser is a failure, never a skip.
 */
export function requireChromium(context: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing in CI: test/support/setup-test-deps.sh should have installed it.`);
  console.log(`      (skipped: ${CHROMIUM} not found; run 'sudo bash test/support/setup-test-deps.sh' to enable the browser tests)`);
  context.skip();
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * For a `describe` of browser tests: one Chromium for the suite, started
 * before its tests and closed after them. Call inside the describe; the
 * returned function gives the browser.
 */
export function useChromium(suite: Mocha.Suite): () => Browser {
  let browser: Browser | undefined;
  suite.timeout(60_000);
  before(async function () {
    requireChromium(this);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser as Browser;
}

export function webviewScript(): string {
  const file = path.join(repoRoot, 'dist', 'webview.js');
  if (!existsSync(file)) throw new Error('dist/webview.js is missing: run `npm run build` (npm test does) first.');
  return readFileSync(file, 'utf8');
}

export interface PreviewPage {
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  /** Requests for anything but the page itself. */
  requests: string[];
  /** Messages the page posted to its host, in order. */
  posted(): Promise<WebviewMessage[]>;
  /** Sends a host message and, for an update, waits until that version is on screen. */
  send(message: HostMessage): Promise<void>;
  rendered(version: number): Promise<void>;
  screenshot(name: string): Promise<string>;
}

export interface OpenOptions {
  /** Stand in for VS Code's webview API (reveal and export go to `posted()`). Default true. */
  embedded?: boolean;
  theme?: PageTheme;
  initial?: UpdateMessage;
  width?: number;
  height?: number;
  /** Body class and CSS variables of a VS Code theme, applied before the page's script runs. */
  vscodeTheme?: { bodyClass: string; variables: Record<string, string> };
  /** Run the page as a browser without requestIdleCallback (Safari) would. */
  withoutIdleCallback?: boolean;
  /** What the toolbar's comparison picker offers (none: no picker). */
  compareChoices?: PreviewPageOptions['compareChoices'];
  /** The version the initial document is compared with, written into the page as the CLI does. */
  baseline?: PreviewPageOptions['baseline'];
  name: string;
}

export async function openPreview(browser: Browser, options: OpenOptions): Promise<PreviewPage> {
  mkdirSync(path.join(artifacts, 'pages'), { recursive: true });
  const file = path.join(artifacts, 'pages', `${options.name}.html`);
  const pageOptions: PreviewPageOptions = { title: options.initial?.fileName ?? `${options.name}.json`, script: { inline: webviewScript() }, theme: options.theme ?? 'vscode' };
  if (options.compareChoices) pageOptions.compareChoices = options.compareChoices;
  if (options.baseline) pageOptions.baseline = options.baseline;
  writeFileSync(file, buildPreviewPage(options.initial ? { ...pageOptions, initial: options.initial } : pageOptions));
  const page = await browser.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 700 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (request.url() !== `file://${file}`) requests.push(request.url());
  });
  await page.addInitScript(({ embedded, vscodeTheme, withoutIdleCallback }) => {
    const w = window as unknown as Record<string, unknown>;
    if (withoutIdleCallback) delete w.requestIdleCallback;
    w.__posted = [];
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (w.__csp as string[]).push(`${e.violatedDirective}: ${e.blockedURI}`));
    if (embedded) {
      let state: unknown;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => (w.__posted as unknown[]).push(m),
        getState: () => state,
        setState: (s: unknown) => {
          state = s;
        },
      });
    }
    if (vscodeTheme) {
      // As VS Code does: the theme is on the page before its script runs.
      const observer = new MutationObserver(() => {
        if (!document.body) return;
        for (const [name, value] of Object.entries(vscodeTheme.variables)) document.documentElement.style.setProperty(name, value);
        document.body.classList.add(vscodeTheme.bodyClass);
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    }
  }, { embedded: options.embedded !== false, vscodeTheme: options.vscodeTheme, withoutIdleCallback: options.withoutIdleCallback === true });
  await page.goto(`file://${file}`);
  const rendered = async (version: number): Promise<void> => {
    await page.waitForFunction((v) => document.body.dataset.renderedVersion === String(v), version);
  };
  if (options.initial) await rendered(options.initial.version);
  return {
    page,
    problems,
    requests,
    posted: async () => {
      const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
      problems.push(...csp.map((c) => `CSP violation: ${c}`));
      return page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
    },
    send: async (message) => {
      await page.evaluate((m) => window.postMessage(m, '*'), message);
      if (message.type === 'update') await rendered(message.version);
    },
    rendered,
    screenshot: async (name) => {
      mkdirSync(artifacts, { recursive: true });
      const out = path.join(artifacts, `${name}.png`);
      await page.screenshot({ path: out });
      return out;
    },
  };
}

export function exampleText(name: string): string {
  return readFileSync(path.join(repoRoot, 'examples', `release-${name}.json`), 'utf8');
}

export function updateOf(text: string, version: number, fileName = 'release-flow.json', diagnostics: UpdateMessage['diagnostics'] = []): UpdateMessage {
  return { type: 'update', text, version, fileName, diagnostics };
}
