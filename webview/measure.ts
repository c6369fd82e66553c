import type { TextMeasure } from '../core/graph/text';

/**
 * Measures text with the font the graph is drawn in, so cards fit as much of
 * a name as really fits. Widths are cached per character: a graph of
 * thousands of cards measures each character once.
 */
export function canvasMeasure(fontFamily: string): TextMeasure {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (text, size) => text.length * size * 0.62;
  const caches = new Map<string, Map<string, number>>();
  return (text, fontSize, bold) => {
    const key = `${bold ? 600 : 400} ${fontSize}px`;
    let cache = caches.get(key);
    if (!cache) {
      cache = new Map();
      caches.set(key, cache);
    }
    let width = 0;
    for (const c of text) {
      let w = cache.get(c);
      if (w === undefined) {
        context.font = `${key} ${fontFamily}`;
        w = context.measureText(c).width;
        cache.set(c, w);
      }
      width += w;
    }
    // Kerning is ignored; a little slack keeps the sum from cutting too late.
    return width * 1.02;
  };
}
