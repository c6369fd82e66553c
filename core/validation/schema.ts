import { ErrorCode, type Diagnostic as JsonDiagnostic } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnostic, type FlowDiagnostic } from '../diagnostics';
import type { FlowModel } from '../model';
import { jsonLanguageService, releaseFlowSchema } from '../schema';

/**
 * Schema diagnostics from vscode-json-languageservice. Its syntax errors are
 * dropped: the core's own parser reports those, with the platform's rules.
 */
export async function schemaDiagnostics(model: FlowModel, uri = 'file:///release-flow.json'): Promise<FlowDiagnostic[]> {
  const service = jsonLanguageService();
  const document = TextDocument.create(uri, 'json', 0, model.text);
  const jsonDocument = service.parseJSONDocument(document);
  const found = await service.doValidation(document, jsonDocument, { comments: 'ignore', trailingCommas: 'ignore', schemaValidation: 'error' }, releaseFlowSchema);
  const result: FlowDiagnostic[] = [];
  for (const d of found) {
    const converted = convert(model, d);
    if (converted) result.push(converted);
  }
  return result;
}

function convert(model: FlowModel, d: JsonDiagnostic): FlowDiagnostic | undefined {
  const message = typeof d.message === 'string' ? d.message : d.message.value;
  const span = { start: model.lines.offsetAt(d.range.start), end: model.lines.offsetAt(d.range.end) };
  const code = typeof d.code === 'number' ? d.code : ErrorCode.Undefined;
  if (code === ErrorCode.DuplicateKey) {
    return diagnostic('json-duplicate-key', 'warning', `${message} The platform keeps only the last one.`, span);
  }
  if (code === ErrorCode.Deprecated) return diagnostic('schema-deprecated', 'warning', message, span);
  if (code === ErrorCode.Undefined || code === ErrorCode.EnumValueMismatch) return diagnostic('schema', 'error', message, span);
  return undefined;
}
