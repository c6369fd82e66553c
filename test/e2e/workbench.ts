/**
 * Drives code-server's workbench in Debian's chromium through playwright-core,
 * as a user would: the command palette, quick open, the editor, the status
 * bar, notifications, the Runs view and the preview's webview. Every step
 * waits on a selector or on text, never on a fixed delay.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium } from '../webview/browser';

export class Workbench {
  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly artifacts: string,
  ) {}

  static async open(url: string, workspace: string, artifacts: string): Promise<Workbench> {
    const browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    await fs.mkdir(artifacts, { recursive: true });
    return new Workbench(browser, page, artifacts);
  }

  /** F1, the command's title, Enter: the palette picks the first match. */
  async command(title: string): Promise<void> {
    const input = await this.openPalette();
    await input.fill(`>${title}`);
    // The palette filters as one types: wait until the command itself is the first row.
    await this.page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: title }).waitFor();
    await this.page.keyboard.press('Enter');
  }

  /**
   * Opens the command palette. A key press can land while focus is in a
   * webview's iframe or while a view is redrawn, and the palette does not
   * open: take focus back to the workbench and ask again.
   */
  private async openPalette(): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget input');
    const keys = ['F1', 'Control+Shift+P', 'F1'];
    for (const [attempt, key] of keys.entries()) {
      await this.page.keyboard.press('Escape');
      // Focus back from an iframe (a webview) to the workbench's own document.
      if (attempt > 0) await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await this.page.keyboard.press(key);
      const shown = await input.waitFor({ state: 'visible', timeout: attempt === keys.length - 1 ? 30000 : 5000 }).then(() => true, () => false);
      if (shown) return input;
    }
    throw new Error('The command palette did not open after F1 and Ctrl+Shift+P.');
  }

  /** Quick open (Ctrl+P) by a path fragment. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: path.basename(relativePath) }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.editor-group-container.active .tab.active[data-resource-name="${path.basename(relativePath)}"]`).waitFor();
    await this.editor().click();
  }

  /** The active editor's text area. */
  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  }

  /**
   * Replaces the active editor's whole text, as one paste: an edit the
   * editor treats like a user's (undoable, unsaved), and deterministic.
   */
  async setText(text: string): Promise<void> {
    await this.editor().click();
    await this.page.evaluate((value) => navigator.clipboard.writeText(value), text);
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Control+V');
    await this.page.locator('.editor-group-container.active .tab.active.dirty').waitFor();
  }

  /** Reverts the active editor to the file on disk. */
  async revert(): Promise<void> {
    await this.command('File: Revert File');
    await this.page.locator('.editor-group-container.active .tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** Hides the bottom panel when it is shown. */
  async hidePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel.bottom');
    if (!(await panel.isVisible())) return;
    await this.command('View: Toggle Panel Visibility');
    await panel.waitFor({ state: 'hidden' });
  }

  /** Puts the cursor at the end of the first line holding `text`. */
  async cursorAfter(text: string): Promise<void> {
    await this.editor().click();
    await this.page.keyboard.press('Control+F');
    const findInput = this.page.locator('.editor-group-container.active .find-widget textarea[aria-label="Find"]');
    await findInput.waitFor();
    await findInput.fill(text);
    await this.page.locator('.editor-group-container.active .find-widget .matchesCount').filter({ hasText: /of/ }).waitFor();
    await findInput.press('Enter');
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('End');
  }

  statusBar(): Locator {
    return this.page.locator('.statusbar');
  }

  /** A status bar entry whose text matches. */
  statusItem(text: string | RegExp): Locator {
    return this.page.locator('.statusbar .statusbar-item').filter({ hasText: text });
  }

  /** Waits for a notification toast whose text matches, and returns its text. */
  async notification(text: string | RegExp, timeout = 60000): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).last();
    await toast.waitFor({ timeout });
    return (await toast.innerText()).trim();
  }

  /** Clicks a button of the notification toast whose text matches (e.g. its Approve). */
  async clickNotificationButton(text: string | RegExp, button: string, timeout = 60000): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).last();
    await toast.waitFor({ timeout });
    await toast.hover();
    await toast.getByRole('button', { name: button, exact: true }).click();
  }

  async clearNotifications(): Promise<void> {
    await this.command('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' }).catch(() => undefined);
  }

  /** The quick pick's rows, once one matching `text` is shown. */
  async quickPick(text: string | RegExp): Promise<Locator> {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: text }).first();
    await row.waitFor();
    return row;
  }

  /** The preview's page: code-server nests the webview's document in two iframes. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /** A row of the Runs view. */
  runsRow(text: string | RegExp): Locator {
    return this.page.locator('.pane[aria-label*="Runs"] .monaco-list-row, [id="workbench.view.extension.releaseFlow"] .monaco-list-row').filter({ hasText: text });
  }

  /**
   * Opens `row` of a tree until `child` shows. A row whose run is going on is
   * drawn again at each of its events, and a click that lands while it is
   * redrawn opens nothing: click again, then try the keyboard.
   */
  async expandUntil(row: Locator, child: Locator, attempts = 5): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await row.click();
      if (await child.waitFor({ timeout: 3000 }).then(() => true, () => false)) return;
      await this.page.keyboard.press('ArrowRight');
      if (await child.waitFor({ timeout: 2000 }).then(() => true, () => false)) return;
      if (attempt >= attempts) return child.waitFor();
    }
  }

  /** A screenshot once the toasts and widgets have finished sliding in (endless spinners aside). */
  async screenshot(name: string): Promise<string> {
    await this.page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
    const file = path.join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** For afterEach: a screenshot named after a test that failed. */
  async screenshotIfFailed(test: Mocha.Test | undefined): Promise<void> {
    if (test?.state === 'failed') await this.screenshot(`failed-${test.title.replace(/\W+/g, '-')}`).catch(() => undefined);
  }
}
