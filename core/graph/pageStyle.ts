import { DARK, graphCss, interactiveGraphCss, LIGHT, PALETTE_KEYS, paletteDeclarations, paletteVariable, vscodeSources, type Palette } from './style';

/**
 * Where the page takes its colours from: VS Code's theme variables (the
 * webview), or fixed light/dark palettes (a standalone page; `auto` follows
 * the system's colour scheme).
 */
export type PageTheme = 'vscode' | 'light' | 'dark' | 'auto';

/** Every colour as `var(--rf-...)`, so one stylesheet serves every theme. */
const VARIABLES = Object.fromEntries(PALETTE_KEYS.map((key) => [key, `var(${paletteVariable(key)})`])) as Record<keyof Palette, string>;

function rootVariables(theme: PageTheme): string {
  switch (theme) {
    case 'vscode':
      // VS Code marks the body with the theme's kind; fallbacks match it for variables a theme leaves unset.
      return `:root { ${paletteDeclarations(vscodeSources(DARK))} --rf-hover-bg: var(--vscode-toolbar-hoverBackground, rgba(128, 128, 128, 0.2)); }
body.vscode-light, body.vscode-high-contrast-light { ${paletteDeclarations(vscodeSources(LIGHT))} }`;
    case 'light':
      return `:root { ${paletteDeclarations(LIGHT)} color-scheme: light; }`;
    case 'dark':
      return `:root { ${paletteDeclarations(DARK)} color-scheme: dark; }`;
    case 'auto':
      return `:root { ${paletteDeclarations(LIGHT)} color-scheme: light dark; } @media (prefers-color-scheme: dark) { :root { ${paletteDeclarations(DARK)} } }`;
  }
}

/** The page's whole stylesheet: theme variables, the graph's rules and the chrome around it. */
export function pageCss(theme: PageTheme): string {
  return `:root { --rf-hover-bg: color-mix(in srgb, var(--rf-fg) 12%, transparent); }
${rootVariables(theme)}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden; }
body { background: var(--rf-bg); color: var(--rf-fg); font-family: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif); font-size: var(--vscode-font-size, 13px); }
.rf-app { display: flex; flex-direction: column; height: 100%; }
.rf-toolbar { display: flex; align-items: center; gap: 2px; padding: 4px 8px; border-bottom: 1px solid var(--rf-container-border); min-height: 34px; flex-wrap: wrap; }
.rf-toolbar-title { font-weight: 600; margin-right: 8px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 40ch; }
.rf-toolbar-info { color: var(--rf-muted); margin-right: auto; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; flex: 1 1 0; min-width: 0; }
@media (max-width: 640px) { .rf-btn-text { display: none; } .rf-toolbar-title { max-width: 20ch; } }
.rf-toolbar-info .rf-count-error { color: var(--rf-error); }
.rf-toolbar-info .rf-count-warning { color: var(--rf-warning); }
.rf-toolbar button { display: inline-flex; align-items: center; gap: 4px; background: transparent; color: var(--rf-fg); border: 1px solid transparent; border-radius: 4px; padding: 3px 6px; font: inherit; cursor: pointer; }
.rf-toolbar button:hover { background: var(--rf-hover-bg); }
.rf-toolbar button:focus-visible { outline: 1px solid var(--rf-focus); outline-offset: -1px; }
.rf-toolbar button[aria-pressed="true"] { border-color: var(--rf-focus); }
.rf-toolbar svg { width: 16px; height: 16px; color: var(--rf-fg); }
.rf-sep { width: 1px; height: 18px; background: var(--rf-container-border); margin: 0 4px; }
.rf-banner { padding: 6px 12px; border-bottom: 1px solid var(--rf-error); background: color-mix(in srgb, var(--rf-error) 14%, var(--rf-bg)); }
.rf-banner[data-kind="run"] { border-color: var(--rf-focus); background: color-mix(in srgb, var(--rf-focus) 10%, var(--rf-bg)); }
.rf-banner[hidden] { display: none; }
.rf-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 14px; padding: 4px 12px; border-bottom: 1px solid var(--rf-container-border); color: var(--rf-fg); }
.rf-legend[hidden] { display: none; }
.rf-legend-title { font-weight: 600; }
.rf-legend-sign { display: inline-flex; align-items: center; justify-content: center; width: 16px; height: 16px; border-radius: 50%; color: #ffffff; font-weight: 700; font-size: 12px; margin-right: 4px; }
.rf-legend-added .rf-legend-sign { background: var(--rf-green); } .rf-legend-changed .rf-legend-sign { background: var(--rf-orange); }
.rf-legend-moved .rf-legend-sign { background: var(--rf-blue); } .rf-legend-removed .rf-legend-sign { background: var(--rf-red); }
.rf-toolbar select { background: var(--vscode-dropdown-background, var(--rf-bg)); color: var(--vscode-dropdown-foreground, var(--rf-fg)); border: 1px solid var(--vscode-dropdown-border, var(--rf-container-border)); border-radius: 4px; padding: 2px 4px; font: inherit; }
.rf-canvas { position: relative; flex: 1; overflow: hidden; outline: none; cursor: grab; touch-action: none; }
.rf-canvas.rf-panning { cursor: grabbing; }
.rf-canvas:focus-visible { box-shadow: inset 0 0 0 1px var(--rf-focus); }
.rf-canvas > svg { display: block; width: 100%; height: 100%; user-select: none; }
.rf-canvas.rf-far .rf-layer-cards text, .rf-canvas.rf-far .rf-wf-summary, .rf-canvas.rf-far .rf-status-slot, .rf-canvas.rf-far .rf-skip { display: none; }
.rf-canvas.rf-stale > svg { opacity: 0.55; filter: grayscale(0.6); }
.rf-empty-state { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: var(--rf-muted); padding: 24px; text-align: center; }
.rf-popover { position: absolute; z-index: 10; max-width: min(480px, 90vw); max-height: 60vh; overflow: auto; padding: 10px 12px; border-radius: 6px;
  background: var(--vscode-editorHoverWidget-background, var(--rf-card-bg)); color: var(--vscode-editorHoverWidget-foreground, var(--rf-fg));
  border: 1px solid var(--vscode-editorHoverWidget-border, var(--rf-card-border)); box-shadow: 0 4px 16px rgba(0, 0, 0, 0.28); }
.rf-popover[hidden] { display: none; }
.rf-popover h2 { font-size: 13px; margin: 0 24px 4px 0; }
.rf-popover .rf-pop-summary { color: var(--rf-muted); margin-bottom: 6px; }
.rf-popover .rf-pop-status { font-weight: 600; margin: 6px 0; }
.rf-popover .rf-pop-error { color: var(--rf-error); white-space: pre-wrap; }
.rf-popover .rf-pop-change { color: var(--rf-focus); font-weight: 600; }
.rf-popover .rf-pop-warning { color: var(--rf-warning); white-space: pre-wrap; }
.rf-popover pre { margin: 4px 0 0; padding: 6px 8px; border-radius: 4px; background: color-mix(in srgb, var(--rf-fg) 6%, transparent); font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 12px; white-space: pre-wrap; word-break: break-all; }
.rf-popover ul { margin: 4px 0; padding-left: 18px; }
.rf-popover .rf-pop-close { position: absolute; top: 6px; right: 6px; background: transparent; border: 0; color: var(--rf-fg); cursor: pointer; border-radius: 4px; padding: 2px; }
.rf-popover .rf-pop-close:hover { background: var(--rf-hover-bg); }
.rf-popover .rf-pop-close svg { width: 16px; height: 16px; display: block; }
.rf-hint { position: absolute; right: 8px; bottom: 6px; color: var(--rf-muted); font-size: 11px; pointer-events: none; opacity: 0.85; }
@media (forced-colors: active) { .rf-card, .rf-frame { stroke: CanvasText; } }
${graphCss(VARIABLES)}
${interactiveGraphCss()}`;
}
