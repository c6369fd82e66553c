import { format, type FormattingOptions as JsonFormattingOptions } from 'jsonc-parser';
import type { FormattingOptions, TextEdit } from 'vscode-languageserver-types';
import type { FlowModel } from '../document/model';
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
