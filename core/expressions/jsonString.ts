import type { OffsetMapper } from './parser';

/**
 * Offset mapper for a JSON string literal that starts (at its opening quote) at
 * `literalOffset`. Escapes make the decoded value shorter than the source, so
 * positions in the value are mapped back through the raw text.
 */
export function stringLiteralMapper(text: string, literalOffset: number, literalLength: number): OffsetMapper {
  const contentStart = literalOffset + 1;
  const contentEnd = literalOffset + literalLength - 1;
  // Searched within the literal only: a search to the end of the document made parsing quadratic.
  if (!text.substring(contentStart, contentEnd).includes('\\')) {
    return (index) => contentStart + index;
  }
  const rawOffsets: number[] = [];
  for (let raw = contentStart; raw < contentEnd; ) {
    rawOffsets.push(raw);
    if (text.charCodeAt(raw) === 92 /* \ */) {
      raw += text.charCodeAt(raw + 1) === 117 /* u */ ? 6 : 2;
    } else {
      raw++;
    }
  }
  rawOffsets.push(contentEnd);
  return (index) => rawOffsets[Math.min(index, rawOffsets.length - 1)] as number;
}
