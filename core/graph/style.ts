import type { NodeRunStatus } from './types';
/**
 * Colours and CSS of the flow graph. The same rules serve the webview (where
 * every colour is a VS Code theme variable with a fallback, so the graph
 * follows the user's theme, high contrast included) and standalone SVG files
 * (where the colours are concrete, so any SVG viewer shows them).
 */

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  cardBg: string;
  cardBorder: string;
  containerBg: string;
  containerBorder: string;
  edge: string;
  dataEdge: string;
  focus: string;
  highlight: string;
  error: string;
  warning: string;
  blue: string;
  green: string;
  purple: string;
  orange: string;
  yellow: string;
  red: string;
  grey: string;
  running: string;
  success: string;
  failed: string;
  waiting: string;
  retrying: string;
  skipped: string;
  pending: string;
}

export const PALETTE_KEYS = [
  'bg', 'fg', 'muted', 'cardBg', 'cardBorder', 'containerBg', 'containerBorder', 'edge', 'dataEdge', 'focus', 'highlight',
  'error', 'warning', 'blue', 'green', 'purple', 'orange', 'yellow', 'red', 'grey',
  'running', 'success', 'failed', 'waiting', 'retrying', 'skipped', 'pending',
] as const satisfies readonly (keyof Palette)[];

/** `--rf-card-bg` for `cardBg`. */
export function paletteVariable(key: keyof Palette): string {
  return `--rf-${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
}

export const LIGHT: Palette = {
  bg: '#ffffff', fg: '#1f2328', muted: '#656d76', cardBg: '#ffffff', cardBorder: '#d0d7de', containerBg: '#f6f8fa', containerBorder: '#d8dee4',
  edge: '#8c959f', dataEdge: '#8250df', focus: '#0969da', highlight: '#fff8c5', error: '#cf222e', warning: '#9a6700',
  blue: '#0969da', green: '#1a7f37', purple: '#8250df', orange: '#bc4c00', yellow: '#9a6700', red: '#cf222e', grey: '#656d76',
  running: '#0969da', success: '#1a7f37', failed: '#cf222e', waiting: '#9a6700', retrying: '#bc4c00', skipped: '#8c959f', pending: '#8c959f',
};

export const DARK: Palette = {
  bg: '#1e1e1e', fg: '#e6edf3', muted: '#9da7b3', cardBg: '#252526', cardBorder: '#3c3f44', containerBg: '#232427', containerBorder: '#3a3d41',
  edge: '#7d8590', dataEdge: '#b180d7', focus: '#4daafc', highlight: '#3a3d18', error: '#f85149', warning: '#d29922',
  blue: '#4daafc', green: '#3fb950', purple: '#b180d7', orange: '#f0883e', yellow: '#d29922', red: '#f85149', grey: '#9da7b3',
  running: '#4daafc', success: '#3fb950', failed: '#f85149', waiting: '#d29922', retrying: '#f0883e', skipped: '#7d8590', pending: '#7d8590',
};

/**
 * Where each colour comes from in VS Code: its theme variables, the first one
 * set wins. `--vscode-contrastBorder` is only set by high-contrast themes, so
 * borders take it first.
 */
export const VSCODE_VARIABLES: Record<keyof Palette, readonly string[]> = {
  bg: ['--vscode-editor-background'],
  fg: ['--vscode-editor-foreground', '--vscode-foreground'],
  muted: ['--vscode-descriptionForeground'],
  cardBg: ['--vscode-editorWidget-background'],
  cardBorder: ['--vscode-contrastBorder', '--vscode-editorWidget-border', '--vscode-widget-border'],
  containerBg: ['--vscode-sideBar-background', '--vscode-editor-background'],
  containerBorder: ['--vscode-contrastBorder', '--vscode-panel-border'],
  edge: ['--vscode-charts-lines'],
  dataEdge: ['--vscode-charts-purple'],
  focus: ['--vscode-focusBorder'],
  highlight: ['--vscode-editor-findMatchHighlightBackground'],
  error: ['--vscode-editorError-foreground'],
  warning: ['--vscode-editorWarning-foreground'],
  blue: ['--vscode-charts-blue'],
  green: ['--vscode-charts-green'],
  purple: ['--vscode-charts-purple'],
  orange: ['--vscode-charts-orange'],
  yellow: ['--vscode-charts-yellow'],
  red: ['--vscode-charts-red'],
  grey: ['--vscode-descriptionForeground'],
  running: ['--vscode-progressBar-background', '--vscode-charts-blue'],
  success: ['--vscode-testing-iconPassed'],
  failed: ['--vscode-testing-iconFailed'],
  waiting: ['--vscode-charts-yellow'],
  retrying: ['--vscode-charts-orange'],
  skipped: ['--vscode-testing-iconSkipped'],
  pending: ['--vscode-testing-iconQueued', '--vscode-testing-iconUnset'],
};

/**
 * Each colour as VS Code's variables with `fallback`'s colour last, for when
 * the page is shown outside VS Code or a theme leaves a variable unset.
 */
export function vscodeSources(fallback: Palette): Record<keyof Palette, string> {
  const source = (key: keyof Palette): string => VSCODE_VARIABLES[key].reduceRight((inner, name) => `var(${name}, ${inner})`, fallback[key]);
  return Object.fromEntries(PALETTE_KEYS.map((key) => [key, source(key)])) as Record<keyof Palette, string>;
}

/** `--rf-*: <source>;` declarations for the webview's root. */
export function paletteDeclarations(palette: Record<keyof Palette, string>): string {
  return PALETTE_KEYS.map((key) => `${paletteVariable(key)}: ${palette[key]};`).join(' ');
}

const TONES = ['blue', 'green', 'purple', 'orange', 'yellow', 'red', 'grey'] as const;
/** Status -> the palette colour it is drawn in. */
const STATUS_COLOURS = [
  ['running', 'running'], ['success', 'success'], ['failure', 'failed'], ['waiting', 'waiting'],
  ['approval_wait', 'waiting'], ['async_wait', 'waiting'], ['retrying', 'retrying'], ['skipped', 'skipped'],
  ['pending', 'pending'], ['aborting', 'failed'], ['aborted', 'failed'],
] as const satisfies readonly (readonly [NodeRunStatus, keyof Palette])[];

/**
 * The graph's stylesheet with each colour taken from `c`: concrete colours
 * for a standalone SVG, or `var(--rf-...)` for the webview.
 */
export function graphCss(c: Record<keyof Palette, string>): string {
  const tones = TONES.map((t) => `.rf-tone-${t} .rf-tile { fill: ${c[t]}; } .rf-tone-${t} .rf-kind-icon { color: ${c[t]}; }`).join('\n');
  const statuses = STATUS_COLOURS.map(([s, k]) => `.rf-status-${s} > .rf-card, .rf-status-${s} > .rf-frame { stroke: ${c[k]}; } .rf-status-${s} .rf-status-slot { color: ${c[k]}; fill: ${c[k]}; }`).join('\n');
  return `
.rf-graph { font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif; font-size: 12px; }
.rf-graph text { fill: ${c.fg}; }
.rf-card { fill: ${c.cardBg}; stroke: ${c.cardBorder}; stroke-width: 1; }
.rf-entry > .rf-card { stroke-dasharray: 4 3; }
.rf-tile { fill-opacity: 0.16; }
.rf-icon { color: ${c.muted}; }
.rf-title { font-size: 13px; font-weight: 600; }
.rf-graph .rf-summary, .rf-graph .rf-wf-summary, .rf-graph .rf-empty { fill: ${c.muted}; }
.rf-empty { font-style: italic; }
.rf-frame { fill: ${c.containerBg}; stroke: ${c.containerBorder}; stroke-width: 1; }
.rf-frame-root { fill-opacity: 0.55; }
.rf-wf-title { font-size: 13px; font-weight: 600; }
.rf-stack { fill: ${c.cardBg}; stroke: ${c.cardBorder}; }
.rf-toggle rect { fill: transparent; }
.rf-toggle .rf-icon { color: ${c.muted}; }
.rf-edge { fill: none; stroke: ${c.edge}; stroke-width: 1.5; }
.rf-arrowhead { fill: ${c.edge}; }
.rf-edge-data { stroke: ${c.dataEdge}; stroke-dasharray: 5 4; stroke-width: 1.25; opacity: 0.8; }
.rf-arrowhead-data { fill: ${c.dataEdge}; }
.rf-badge circle { stroke: ${c.cardBg}; stroke-width: 2; }
.rf-badge-error circle { fill: ${c.error}; }
.rf-badge-warning circle { fill: ${c.warning}; }
.rf-graph .rf-badge text { fill: #ffffff; font-size: 10px; font-weight: 700; }
.rf-has-error > .rf-card, .rf-has-error > .rf-frame { stroke: ${c.error}; }
.rf-has-warning > .rf-card, .rf-has-warning > .rf-frame { stroke: ${c.warning}; }
.rf-skip .rf-icon { color: ${c.muted}; }
.rf-status-slot text { font-size: 11px; font-weight: 600; }
.rf-graph .rf-status-text { fill: currentColor; }
.rf-status-icon { color: inherit; }
.rf-diff-added > .rf-card, .rf-diff-added > .rf-frame { stroke: ${c.green}; stroke-width: 2.5; }
.rf-diff-changed > .rf-card, .rf-diff-changed > .rf-frame { stroke: ${c.orange}; stroke-width: 2.5; }
.rf-diff-moved > .rf-card, .rf-diff-moved > .rf-frame { stroke: ${c.blue}; stroke-width: 2.5; stroke-dasharray: 7 3; }
.rf-diff-removed { opacity: 0.5; }
.rf-diff-removed > .rf-card, .rf-diff-removed > .rf-frame { stroke: ${c.red}; stroke-dasharray: 4 3; }
.rf-diff-added .rf-diff-mark circle { fill: ${c.green}; } .rf-diff-changed .rf-diff-mark circle { fill: ${c.orange}; }
.rf-diff-moved .rf-diff-mark circle { fill: ${c.blue}; } .rf-diff-removed .rf-diff-mark circle { fill: ${c.red}; }
.rf-graph .rf-diff-mark text { fill: #ffffff; font-size: 13px; font-weight: 700; }
.rf-legend-item.rf-diff-removed { opacity: 1; }
.rf-graph .rf-legend-title { font-weight: 600; }
.rf-status-skipped > .rf-card, .rf-status-pending > .rf-card, .rf-status-aborted > .rf-card, .rf-status-aborting > .rf-card { stroke-dasharray: 4 3; }
.rf-status-running > .rf-card, .rf-status-retrying > .rf-card, .rf-status-failure > .rf-card, .rf-status-success > .rf-card, .rf-status-waiting > .rf-card, .rf-status-approval_wait > .rf-card, .rf-status-async_wait > .rf-card { stroke-width: 2; }
.rf-status-skipped { opacity: 0.6; }
${tones}
${statuses}
`;
}

/** Rules only the interactive page needs: focus, selection, cursor highlight, animation, high contrast. */
export function interactiveGraphCss(): string {
  return `
.rf-graph { font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif); }
.rf-node { cursor: pointer; outline: none; }
.rf-node:hover > .rf-card, .rf-node:hover > .rf-frame { stroke: var(--rf-focus); }
.rf-toggle { cursor: pointer; }
.rf-toggle:hover rect { fill: var(--rf-fg); fill-opacity: 0.1; }
.rf-cursor > .rf-card, .rf-cursor > .rf-frame { fill: var(--rf-highlight); }
.rf-selected > .rf-card, .rf-selected > .rf-frame { stroke: var(--rf-focus); stroke-width: 2; }
.rf-node:focus-visible > .rf-card, .rf-node:focus-visible > .rf-frame, .rf-focused > .rf-card, .rf-focused > .rf-frame { stroke: var(--rf-focus); stroke-width: 2.5; }
.rf-edge.rf-related { stroke-width: 2.5; opacity: 1; }
.rf-data-hidden .rf-layer-data { display: none; }
.rf-status-running .rf-status-icon, .rf-status-retrying .rf-status-icon { animation: rf-spin 1s linear infinite; transform-origin: 7px 7px; }
.rf-status-running > .rf-card { animation: rf-pulse 1.6s ease-in-out infinite; }
@keyframes rf-spin { to { transform: rotate(360deg); } }
@keyframes rf-pulse { 50% { stroke-opacity: 0.45; } }
@media (prefers-reduced-motion: reduce) { .rf-status-icon, .rf-status-running > .rf-card { animation: none !important; } }
body.vscode-high-contrast .rf-card, body.vscode-high-contrast .rf-frame { stroke-width: 2; }
body.vscode-high-contrast .rf-tile { fill-opacity: 0; }
body.vscode-high-contrast .rf-edge { stroke-width: 2; opacity: 1; }
body.vscode-high-contrast .rf-cursor > .rf-card, body.vscode-high-contrast .rf-cursor > .rf-frame { fill: var(--rf-card-bg); stroke: var(--vscode-contrastActiveBorder, var(--rf-focus)); stroke-width: 3; stroke-dasharray: none; }
`;
}
