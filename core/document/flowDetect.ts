/**
 * Is this JSON text a release flow, whatever the file is called? The editor
 * asks for every JSON document it opens, so the answer must cost next to
 * nothing for the JSON files that are not flows (package.json, tsconfig...):
 * two substring searches turn almost all of them away, and only a candidate
 * is parsed, to check the shape itself: a top-level `apiVersion` and a root
 * `spec` whose `kind` is `Workflow`. A pipeline description that embeds
 * flows (`.northflank/pipeline.json`) is not one.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

/** Past this size a JSON file is not parsed to find out: flows are far smaller. */
export const DETECTION_SIZE_LIMIT = 2 * 1024 * 1024;

export function isReleaseFlowText(text: string): boolean {
  if (text.length > DETECTION_SIZE_LIMIT || !text.includes('"apiVersion"') || !text.includes('"Workflow"')) return false;
  let root;
  try {
    root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    // The parser recurses per level: a hostile nesting depth is not a flow.
    return false;
  }
  if (root?.type !== 'object') return false;
  // jsonc-parser alone: the editor loads this before (and often without) the rest of core.
  return findNodeAtLocation(root, ['apiVersion'])?.type === 'string' && findNodeAtLocation(root, ['spec', 'kind'])?.value === 'Workflow';
}
