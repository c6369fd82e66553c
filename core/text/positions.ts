/** Zero-based line/character position, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A stretch of the document in UTF-16 offsets: [start, end). */
export interface Span {
  start: number;
  end: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Shape checks for positions that arrive from another process or frame. */
export const isPosition = (value: unknown): value is Position => isObject(value) && typeof value.line === 'number' && typeof value.character === 'number';
export const isRange = (value: unknown): value is Range => isObject(value) && isPosition(value.start) && isPosition(value.end);
export const isSpan = (value: unknown): value is Span => isObject(value) && typeof value.start === 'number' && typeof value.end === 'number';

/**
 * Converts between offsets and line/character positions. Built once per
 * document version; lookups are binary searches, so huge files stay cheap.
 */
/**
 * A copy of a piece of a string. A slice keeps its whole parent alive (in V8):
 * values kept from one document version would otherwise keep that version's
 * full text in memory.
 */
export function detached(piece: string): string {
  return (' ' + piece).slice(1);
}

/** Appends to `starts` the start of every line that a break in text[from, to) opens (\r\n, \n or \r). */
function scanLineStarts(text: string, from: number, to: number, starts: number[]): number[] {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Index of the first value >= `value` in an ascending array (its length if none). */
function firstAtOrAfter(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class LineIndex {
  private lineStarts: number[];

  /** `lineStarts` is for LineIndex.afterChange only: offsets where each line starts, ascending, beginning with 0. */
  constructor(private readonly text: string, lineStarts?: number[]) {
    if (lineStarts !== undefined) {
      this.lineStarts = lineStarts;
      return;
    }
    this.lineStarts = scanLineStarts(text, 0, text.length, [0]);
  }

  /**
   * The index of `text`, which is `previous`'s text with [start, end) replaced by
   * `insertedLength` characters: only the changed lines are scanned again. Takes
   * over `previous`'s table, updated in place (no copy of 100,000 line starts per
   * keystroke): `previous` must not be used afterwards.
   */
  static afterChange(previous: LineIndex, text: string, start: number, end: number, insertedLength: number): LineIndex {
    const starts = previous.lineStarts;
    const delta = insertedLength - (end - start);
    // Starts whose line break lies wholly before the change stay; one right before it may join a \r\n pair, so it is rescanned.
    const keep = Math.max(1, firstAtOrAfter(starts, start));
    const rescanned = scanLineStarts(text, Math.max(0, start - 1), Math.min(start + insertedLength, text.length), []);
    const from = Math.max(keep, firstAtOrAfter(starts, end + 1));
    // Old starts from `from` on move by delta; a moved start not past the last new one (a broken \r\n pair) goes.
    const last = rescanned.length > 0 ? (rescanned[rescanned.length - 1] as number) : (starts[keep - 1] as number);
    let dropped = 0;
    while (from + dropped < starts.length && (starts[from + dropped] as number) + delta <= last) dropped++;
    previous.lineStarts = [];
    if (rescanned.length > 1024) {
      // A large paste: a new table (spreading that many arguments into splice would overflow the stack).
      return new LineIndex(text, [...starts.slice(0, keep), ...rescanned, ...starts.slice(from + dropped).map((offset) => offset + delta)]);
    }
    starts.splice(keep, from + dropped - keep, ...rescanned);
    for (let i = keep + rescanned.length; i < starts.length; i++) starts[i] = (starts[i] as number) + delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (this.lineStarts[low] as number) };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line] as number;
    const nextLineStart = this.lineStarts[position.line + 1] ?? this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, nextLineStart));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}
