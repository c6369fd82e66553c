/**
 * Text helpers for SVG output: escaping every string that comes from the file,
 * and fitting text into a card without a DOM to measure it.
 */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for XML content and attribute values. Characters XML 1.0 does
 * not allow (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD,
 * so the output is always a well-formed document.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Advance widths of ASCII 32..126 in hundredths of an em, regular and
 * semibold, measured from DejaVu Sans (the widest of the usual UI fonts, and
 * what Linux falls back to), so text fitted with them never overflows a card.
 */
const ASCII_WIDTHS = {
  regular: '32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,84,84,53,100,68,69,70,77,63,58,77,75,29,29,66,56,86,75,79,60,79,69,63,61,73,68,99,69,61,69,39,34,39,84,50,50,61,63,55,63,62,35,63,63,28,28,58,28,97,63,61,63,63,41,52,39,63,59,82,59,59,52,64,34,64,84',
  bold: '35,46,52,84,70,100,87,31,46,46,52,84,38,42,38,37,70,70,70,70,70,70,70,70,70,70,40,40,84,84,84,58,100,77,76,73,83,68,68,82,84,37,37,77,64,100,84,85,73,85,77,72,68,81,77,110,77,72,73,46,37,46,84,50,50,67,72,59,72,68,44,72,71,34,34,67,34,104,71,69,72,72,49,60,48,71,65,92,65,65,58,71,37,71,84',
};
const REGULAR = ASCII_WIDTHS.regular.split(',').map(Number);
const BOLD = ASCII_WIDTHS.bold.split(',').map(Number);

/** Measures text in pixels: `(text, fontSize, bold)`. The webview passes one backed by the real font. */
export type TextMeasure = (text: string, fontSize: number, bold: boolean) => number;

/** Width of one character in ems. */
function charWidth(code: number, bold: boolean): number {
  if (code >= 32 && code < 127) return ((bold ? BOLD : REGULAR)[code - 32] as number) / 100;
  if (code >= 0x2e80) return 1; // CJK and other wide scripts
  return 0.7;
}

/** Estimated width of `text` in pixels at `fontSize`, erring wide. */
export const estimateTextWidth: TextMeasure = (text, fontSize, bold) => {
  let ems = 0;
  for (const c of text) ems += charWidth(c.codePointAt(0) as number, bold);
  return ems * fontSize;
};

/** `text` on one line, cut with an ellipsis so that it fits in `maxWidth` pixels. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false, measure: TextMeasure = estimateTextWidth): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (measure(clean, fontSize, bold) <= maxWidth) return clean;
  const chars = Array.from(clean);
  // The longest prefix that fits with the ellipsis, by bisection: O(log n) measurements.
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (measure(chars.slice(0, mid).join('') + '…', fontSize, bold) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join('').trimEnd() + '…';
}
