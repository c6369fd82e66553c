import type { WebviewMessage } from '../core/graph/messages';

/** What VS Code gives a webview script (once per page). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Defined by VS Code inside a webview; absent in the standalone page.
  var acquireVsCodeApi: (() => VsCodeApi) | undefined;
}

/** The other side of the messages: the VS Code extension, or nobody in a standalone page. */
export interface Host {
  /** True inside VS Code: reveal and export go to the extension. */
  readonly embedded: boolean;
  post(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export function connectHost(): Host {
  if (typeof globalThis.acquireVsCodeApi === 'function') {
    const api = globalThis.acquireVsCodeApi();
    return {
      embedded: true,
      post: (message) => api.postMessage(message),
      getState: () => api.getState(),
      setState: (state) => api.setState(state),
    };
  }
  // A standalone page keeps its view state for the life of the page only.
  let state: unknown;
  return {
    embedded: false,
    post: () => undefined,
    getState: () => state,
    setState: (next) => {
      state = next;
    },
  };
}
