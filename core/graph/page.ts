import { ICON_BODIES, type IconId } from './icons';
import type { BaselineMessage, CompareChoice, RunStatusMessage, UpdateMessage } from './messages';
import { pageCss, type PageTheme } from './pageStyle';
import { escapeXml } from './text';

export type { PageTheme } from './pageStyle';

export interface PreviewPageOptions {
  /** The page title (the file name). */
  title: string;
  /** The bundled webview script (dist/webview.js): its text, or a URI the page may load. */
  script: { inline: string } | { uri: string };
  /** A fresh one is made when absent. Pass the same value only to one page. */
  nonce?: string;
  /** VS Code's `webview.cspSource`, allowed for the script URI. */
  cspSource?: string;
  /** Default `vscode`: take colours from the editor's theme. */
  theme?: PageTheme;
  /** Shown at once, before any message arrives: what a standalone page displays. */
  initial?: UpdateMessage;
  /** Run events to show on top of `initial`. */
  run?: RunStatusMessage;
  /** The version `initial` is compared with, for a standalone page. */
  baseline?: BaselineMessage;
  /** What the toolbar offers to compare with (a host answers `compare` messages); none: no picker. */
  compareChoices?: readonly CompareChoice[];
}

const COMPARE_LABELS: Record<CompareChoice, string> = { off: 'No comparison', HEAD: 'Changes since HEAD', platform: 'Changes since the platform' };

/** 128 random bits, base64: the CSP nonce of one page. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Makes JSON safe inside a `<script>` element: no `</script>`, no `<!--`, no line separators that break older parsers. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function toolbarButton(action: string, icon: IconId, label: string, shortcut: string, text = ''): string {
  const title = `${label} (${shortcut})`;
  return `<button type="button" data-action="${action}" title="${escapeXml(title)}" aria-label="${escapeXml(label)}">` +
    `<svg viewBox="0 0 16 16" aria-hidden="true">${ICON_BODIES[icon]}</svg>${text ? `<span class="rf-btn-text">${text}</span>` : ''}</button>`;
}

/**
 * The whole HTML page of the flow-graph preview: a strict Content Security
 * Policy (nothing may load but the nonce'd script and style, images only from
 * data: URLs for the PNG export), the toolbar, and the graph canvas. The VS
 * Code panel and `release-flow graph --format html` both use it; the page
 * reaches nothing on the network and works offline.
 */
export function buildPreviewPage(options: PreviewPageOptions): string {
  const nonce = options.nonce ?? createNonce();
  const theme = options.theme ?? 'vscode';
  const source = options.cspSource ? ` ${options.cspSource}` : '';
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'${'uri' in options.script ? source : ''}`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const script = 'inline' in options.script
    ? `<script nonce="${nonce}">${options.script.inline.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')}</script>`
    : `<script nonce="${nonce}" src="${escapeXml(options.script.uri)}"></script>`;
  const data = options.initial || options.run || options.baseline
    ? `<script type="application/json" id="rf-initial">${jsonForScript({ update: options.initial, run: options.run, baseline: options.baseline })}</script>`
    : '';
  const choices = options.compareChoices ?? [];
  const compare = choices.length > 1
    ? `<span class="rf-sep"></span><select class="rf-compare" data-control="compare" aria-label="Compare with another version" title="Show what changed since another version">${choices.map((c) => `<option value="${c}">${COMPARE_LABELS[c]}</option>`).join('')}</select>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeXml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(options.title)}</title>
<style nonce="${nonce}">${pageCss(theme)}</style>
</head>
<body data-theme="${theme}">
<div class="rf-app">
<div class="rf-toolbar" role="toolbar" aria-label="Flow graph">
<span class="rf-toolbar-title">${escapeXml(options.title)}</span>
<span class="rf-toolbar-info" aria-live="polite"></span>
${toolbarButton('zoom-out', 'zoom-out', 'Zoom out', '-')}${toolbarButton('zoom-in', 'zoom-in', 'Zoom in', '+')}${toolbarButton('fit', 'fit', 'Fit to view', 'F')}
<span class="rf-sep"></span>
${toolbarButton('direction', 'direction', 'Switch between left-to-right and top-to-bottom', 'R')}${toolbarButton('expand-all', 'expand-all', 'Expand all workflows', 'E')}${toolbarButton('collapse-all', 'collapse-all', 'Collapse nested workflows', 'C')}${toolbarButton('data-edges', 'data-edges', 'Show ${refs} data edges', 'D', 'Data')}
<span class="rf-sep"></span>
${toolbarButton('export-svg', 'export', 'Export as SVG', 'S', 'SVG')}${toolbarButton('export-png', 'export', 'Export as PNG', 'P', 'PNG')}${compare}
</div>
<div class="rf-banner" role="alert" hidden></div>
<div class="rf-legend" aria-live="polite" hidden></div>
<div class="rf-canvas" tabindex="0" role="application" aria-roledescription="flow graph" aria-label="Release flow graph. Arrow keys move between nodes, Enter shows a node in the editor, Space folds a workflow.">
<div class="rf-empty-state">Loading the flow graph…</div>
</div>
<div class="rf-popover" role="dialog" aria-modal="false" hidden></div>
</div>
${data}
${script}
</body>
</html>
`;
}
