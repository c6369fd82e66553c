import type { TextDocument } from 'vscode-languageserver-textdocument';
import { updateFlow, type UpdateKind } from '../document/incremental';
import type { FlowModel } from '../document/model';
import { parseFlow } from '../document/parse';

/** One version of a document, parsed once and shared by every feature. */
export interface FlowDocument {
  readonly uri: string;
  readonly version: number;
  readonly model: FlowModel;
  /** How the model was made from the previous version (core/incremental.ts). */
  readonly update: UpdateKind;
}

/**
 * The parse cache: one parsed version per document. A new version is derived
 * from the cached one by reparsing only what changed, which reuses (and
 * updates in place) the previous version's tree: callers must not keep a
 * FlowDocument of an older version and read it after a newer one was parsed.
 */
export class FlowDocuments {
  private readonly byUri = new Map<string, FlowDocument>();

  constructor(private readonly incremental = true) {}

  get(document: TextDocument): FlowDocument {
    const text = document.getText();
    const cached = this.byUri.get(document.uri);
    if (cached && cached.version === document.version && cached.model.text === text) return cached;
    // An older version (a late request) is parsed on its own: deriving it would rewrite the newer version's tree.
    if (cached && document.version < cached.version) return { uri: document.uri, version: document.version, model: parseFlow(text), update: 'full' };
    const { model, kind } = cached && this.incremental ? updateFlow(cached.model, text) : { model: parseFlow(text), kind: 'full' as const };
    const fresh: FlowDocument = { uri: document.uri, version: document.version, model, update: kind };
    this.byUri.set(document.uri, fresh);
    return fresh;
  }

  /** The cached version, without parsing. */
  peek(uri: string): FlowDocument | undefined {
    return this.byUri.get(uri);
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }
}
