#!/usr/bin/env node
// Renders media/icon.png (the Marketplace icon, 128x128) from the Codicon in
// media/release-flow.svg with Debian's chromium. Run after changing either:
//   node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const glyph = readFileSync(new URL('../media/release-flow.svg', import.meta.url), 'utf8').replace('currentColor', '#ffffff');
const html = `<!DOCTYPE html><html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(135deg,#1f6feb,#0b3d91);display:flex;align-items:center;justify-content:center">
<div style="width:84px;height:84px">${glyph.replace('width="16" height="16"', 'width="84" height="84"')}</div></div></body></html>`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(html);
await page.screenshot({ path: new URL('../media/icon.png', import.meta.url).pathname, omitBackground: true });
await browser.close();
