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
