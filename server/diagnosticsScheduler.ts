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
 * published only if the document has not changed meanwhile.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly computed = new Map<string, Computed>();
  private readonly published = new Map<string, string>();
  /** Bumped when settings or a pipeline description change: the same version then needs new diagnostics. */
  private generation = 0;

  constructor(
    private readonly compute: (document: TextDocument) => Promise<Diagnostic[]>,
    private readonly publish: (uri: string, version: number, diagnostics: Diagnostic[]) => void,
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly delay: () => number,
    private readonly log: Logger,
  ) {}

  /** Result id for pull diagnostics: changes whenever the diagnostics may. */
  resultId(document: TextDocument): string {
    return `${document.version}:${this.generation}`;
  }

  /** The diagnostics of this version, computed once. */
  diagnostics(document: TextDocument): Promise<Diagnostic[]> {
    const key = this.resultId(document);
    const cached = this.computed.get(document.uri);
    if (cached?.key === key) return cached.result;
    const result = this.compute(document);
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
    try {
      const diagnostics = await this.diagnostics(document);
      // A newer version (or a newer environment) has its own run coming.
      const now = this.current(uri);
      if (!now || this.resultId(now) !== key) return;
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
