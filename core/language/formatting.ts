import { format, type FormattingOptions as JsonFormattingOptions } from 'jsonc-parser';
import type { FormattingOptions, TextEdit } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
import { scanStructure } from '../document/parse';
import type { Span } from '../text/positions';

/**
 * Formats the document, or a range of it, with jsonc-parser's formatter (the
 * one VS Code's JSON support uses): the client's indentation, its line ending
 * kept, a final newline when the client asks for one.
 */
export function formatFlow(model: FlowModel, range: Span | undefined, options: FormattingOptions): TextEdit[] {
  const text = model.text;
  const eol = /\r\n/.test(text.slice(0, 10_000)) ? '\r\n' : '\n';
  const settings: JsonFormattingOptions = {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol,
    insertFinalNewline: options.insertFinalNewline ?? false,
    keepLines: false,
  };
  const edits = format(text, range === undefined ? undefined : { offset: range.start, length: range.end - range.start }, settings);
  return edits.map((edit) => ({ range: model.lines.rangeOf({ start: edit.offset, end: edit.offset + edit.length }), newText: edit.content }));
}

/**
 * An upper bound of the formatted document's length, in one pass without
 * allocating: each bracket and comma outside strings may start a line
 * indented by its depth (`indentWidth` characters a level), and every other
 * character is kept. Formatting is refused when this is past the size limit.
 */
export function formattedLengthBound(text: string, indentWidth: number): number {
  let bound = text.length;
  let depth = 0;
  scanStructure(text, (code) => {
    if (code === 123 /* { */ || code === 91 /* [ */) depth++;
    else if (code === 125 /* } */ || code === 93 /* ] */) depth = Math.max(0, depth - 1);
    bound += 2 + depth * indentWidth;
  });
  return bound;
}
