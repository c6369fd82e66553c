import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/** Where handler failures are reported: the connection's console (the client's output channel). */
export interface Logger {
  error(message: string): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}


/**
 * Runs a request handler so that neither an exception nor a cancellation can
 * take the server down: a cancelled request answers RequestCancelled, a
 * failing one is logged and answers `fallback`. The work starts on the next
 * turn, after messages already received (a didChange) are handled.
 */
export function runSafe<T, D = void>(
  log: Logger,
  what: string,
  token: CancellationToken,
  fallback: T,
  work: () => T | Promise<T>,
  cancelData?: D,
): Promise<T | ResponseError<D>> {
  const cancelled = (): ResponseError<D> => new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled', cancelData as D);
  return new Promise((resolve) => {
    setImmediate(() => {
      if (token.isCancellationRequested) {
        resolve(cancelled());
        return;
      }
      Promise.resolve()
        .then(work)
        .then(
          (result) => resolve(token.isCancellationRequested ? cancelled() : result),
          (error: unknown) => {
            if (error instanceof ResponseError) {
              resolve(error as ResponseError<D>);
              return;
            }
            log.error(`${what} failed: ${describe(error)}`);
            resolve(fallback);
          },
        );
    });
  });
}

/** The same guard for notifications, which have no answer: a failure is logged and the server carries on. */
export function runSafeNotification(log: Logger, what: string, work: () => void | Promise<void>): void {
  Promise.resolve()
    .then(work)
    .catch((error: unknown) => log.error(`${what} failed: ${describe(error)}`));
}
