/**
 * The limits within which a document is analysed, in one place: validation
 * applies them, and every language feature (formatting, folding, outline,
 * selection ranges, semantic tokens, the graph...) answers nothing past them,
 * so no feature does work that validation refuses.
 */
import type { FlowModel } from '../document/model';
import { MAX_JSON_DEPTH } from '../document/parse';

export { MAX_JSON_DEPTH };

/** Past this size the schema pass is skipped (the cheap checks still run), and the other features answer nothing. */
export const DEFAULT_SCHEMA_SIZE_LIMIT = 8 * 1024 * 1024;

/**
 * Past this many characters in one string the schema pass is skipped: the
 * platform's own patterns (image paths, URLs) take quadratic time, about a
 * second at 30,000 characters and hours at a megabyte. No value of a release
 * flow needs as many.
 */
export const MAX_SCHEMA_STRING_LENGTH = 8192;

/**
 * The first string (key or value) longer than `limit` characters between its
 * quotes, as the offsets of its quotes; undefined when there is none. A linear
 * scan of the text, so it costs less than a walk of the parsed values.
 */
export function longStringSpan(text: string, limit: number = MAX_SCHEMA_STRING_LENGTH): { start: number; end: number } | undefined {
  let at = text.indexOf('"');
  while (at >= 0) {
    let close = text.indexOf('"', at + 1);
    // A quote after an odd number of backslashes is part of the string.
    while (close >= 0 && escaped(text, close)) close = text.indexOf('"', close + 1);
    const end = close < 0 ? text.length : close + 1;
    if (end - at - 2 > limit) return { start: at, end };
    if (close < 0) return undefined;
    at = text.indexOf('"', close + 1);
  }
  return undefined;
}

function escaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Why the document is past the analysis limits (`it nests ...`, `it is 9.0 MB ...`), or undefined when it is within them. */
export function pastAnalysisLimits(model: FlowModel, sizeLimit: number = DEFAULT_SCHEMA_SIZE_LIMIT): string | undefined {
  if (model.syntaxIssues.some((issue) => issue.code === 'json-too-deep')) return `it nests more than ${MAX_JSON_DEPTH} levels deep`;
  if (model.text.length > sizeLimit) return `it is ${formatSize(model.text.length)}, past the limit of ${formatSize(sizeLimit)} (releaseFlow.maxFileSize)`;
  return undefined;
}

/** `12 characters`, `3.4 KB`, `9.0 MB`: a text's length (or a file's bytes) as people read sizes. */
export function formatSize(amount: number, unit: 'characters' | 'bytes' = 'characters'): string {
  if (amount >= 1048576) return `${(amount / 1048576).toFixed(1)} MB`;
  if (amount >= 1024) return `${(amount / 1024).toFixed(1)} KB`;
  return `${amount} ${unit}`;
}
