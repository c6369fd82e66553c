/**
 * The flow graph of an open document, from the model the server already
 * parsed (`releaseFlow/graph`): the preview draws its first picture from it.
 */
import { buildGraph, graphDiagnosticsOf } from '../graph/build';
import { encodeGraph } from '../graph/wire';
import type { FlowModel } from '../document/model';
import { isWebviewDiagnostic } from '../graph/messages';
import type { FlowGraphParams, FlowGraphResult } from './protocol';

/**
 * The graph the page would build from the same text and diagnostics (core/graph/build.ts, data edges left
 * out as the page leaves them until shown), or null for a text that is not valid JSON: the page then shows
 * the syntax error, which needs its own parse anyway.
 */
export function flowGraphOf(flow: FlowModel, version: number, params: FlowGraphParams): FlowGraphResult | null {
  if (flow.syntaxIssues.length > 0) return null;
  // The request comes from another process: a diagnostic without a usable range is left out, not a crash.
  const sent: unknown = params.diagnostics;
  const diagnostics = graphDiagnosticsOf(flow, (Array.isArray(sent) ? sent : []).filter(isWebviewDiagnostic));
  return { version, graph: encodeGraph(buildGraph(flow, diagnostics, { dataEdges: false }), false) };
}
