import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import type { Logger } from './runSafe';

/** Thrown (through the validation's pause hook) when an edit made the version being validated stale. */
export class StaleDiagnostics extends Error {
  constructor() {
    super('The document changed while its diagnostics were computed.');
  }
}

interface Computed {
  /** Document version and environment generation the diagnostics belong to. */
  key: string;
  result: Promise<Diagnostic[]>;
}

/**
 * The one place diagnostics are computed and published. Edits are debounced
 * (`delay()` ms after the last change of a document), each document version is
 * computed at most once (push and pull share the result), and a result is
 * published only if the document has not changed meanwhile. When pushing, the
 * first validation of a large document publishes the cheap findings first and
 * then the complete set, both for the same version.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly computed = new Map<string, Computed>();
  private readonly published = new Map<string, string>();
  /** Bumped when settings or a pipeline description change: the same version then needs new diagnostics. */
  private generation = 0;

  constructor(
    /** `early`, when given, may be called first with a subset of the result (see ReleaseFlowLanguageService.doValidation). */
    private readonly compute: (document: TextDocument, early?: (diagnostics: Diagnostic[]) => void) => Promise<Diagnostic[]>,
    private readonly publish: (uri: string, version: number, diagnostics: Diagnostic[]) => void,
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly delay: () => number,
    private readonly log: Logger,
  ) {}

  /** Result id for pull diagnostics: changes whenever the diagnostics may. */
  resultId(document: TextDocument): string {
    return `${document.version}:${this.generation}`;
  }

  /** The diagnostics of this version, computed once; `early` as in the constructor, if this call computes them. */
  diagnostics(document: TextDocument, early?: (diagnostics: Diagnostic[]) => void): Promise<Diagnostic[]> {
    const key = this.resultId(document);
    const cached = this.computed.get(document.uri);
    if (cached?.key === key) return cached.result;
    const result = this.compute(document, early);
    this.computed.set(document.uri, { key, result });
    // A failed computation is not kept: the next request for this version tries again.
    result.catch(() => {
      if (this.computed.get(document.uri)?.result === result) this.computed.delete(document.uri);
    });
    return result;
  }

  /** Publishes the document's diagnostics after the debounce delay. */
  schedule(document: TextDocument): void {
    const uri = document.uri;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.run(uri);
      }, this.delay()),
    );
  }

  private async run(uri: string): Promise<void> {
    const document = this.current(uri);
    if (!document) return;
    // Documents change in place: the version and key are taken now.
    const version = document.version;
    const key = this.resultId(document);
    if (this.published.get(uri) === key) return;
    // Still this version, and its complete diagnostics not out yet: an early subset is never published after them, nor for an old version.
    const current = (): boolean => {
      const now = this.current(uri);
      return now !== undefined && this.resultId(now) === key && this.published.get(uri) !== key;
    };
    try {
      const diagnostics = await this.diagnostics(document, (early) => {
        if (current()) this.publish(uri, version, early);
      });
      // A newer version (or a newer environment) has its own run coming.
      if (!current()) return;
      this.published.set(uri, key);
      this.publish(uri, version, diagnostics);
    } catch (error) {
      if (error instanceof StaleDiagnostics) return;
      this.log.error(`Diagnostics of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  /** Settings or the environment changed: everything is computed again. */
  invalidate(): void {
    this.generation++;
    this.computed.clear();
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.computed.delete(uri);
    this.published.delete(uri);
  }
}
