import type { Connection } from 'vscode-languageserver';
import type { Logger } from './runSafe';

type Check = (params: unknown) => string | undefined;

const textDocumentUri: Check = (params) => {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? undefined : `its textDocument.uri is ${JSON.stringify(uri) ?? 'missing'}, not a string`;
};

const openedDocument: Check = (params) => {
  const problem = textDocumentUri(params);
  if (problem) return problem;
  const document = (params as { textDocument: { languageId?: unknown; version?: unknown; text?: unknown } }).textDocument;
  if (typeof document.text !== 'string') return 'its textDocument.text is not a string';
  if (typeof document.version !== 'number') return 'its textDocument.version is not a number';
  if (typeof document.languageId !== 'string') return 'its textDocument.languageId is not a string';
  return undefined;
};

const CHECKS: Record<string, Check> = {
  onDidOpenTextDocument: openedDocument,
  onDidChangeTextDocument: textDocumentUri,
  onDidCloseTextDocument: textDocumentUri,
  onWillSaveTextDocument: textDocumentUri,
  onWillSaveTextDocumentWaitUntil: textDocumentUri,
  onDidSaveTextDocument: textDocumentUri,
};

/**
 * The connection as TextDocuments sees it: a document notification whose
 * shape is wrong (a didOpen with a number as its uri) is logged and dropped
 * alone, before it is stored, so it cannot break every later request that
 * goes through the open documents.
 */
export function guardDocumentEvents(connection: Connection, log: Logger): Connection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      const check = typeof property === 'string' ? CHECKS[property] : undefined;
      if (!check || typeof value !== 'function') return value;
      const method = String(property).replace(/^on/, '').replace(/TextDocument/, '');
      return (handler: (params: unknown, ...rest: unknown[]) => unknown) =>
        (value as (h: typeof handler) => unknown).call(target, (params: unknown, ...rest: unknown[]) => {
          const problem = check(params);
          if (problem === undefined) return handler(params, ...rest);
          log.error(`${method[0]?.toLowerCase()}${method.slice(1)} rejected: ${problem}.`);
          return undefined;
        });
    },
  });
}
