/**
 * How release-flow files are recognised, by name or by content. Pure string
 * tests, shared by the CLI (which searches folders) and the language server
 * (which decides which open documents are flows).
 */

const LOOKS_LIKE_FLOW_BY_NAME = /(^|[\\/])(release-[^\\/]*\.json|release[\\/][^\\/]+\.json)$/i;

/** True for names the platform's conventions use for flows: release-*.json, release/*.json. */
export function isReleaseFlowFileName(file: string): boolean {
  return LOOKS_LIKE_FLOW_BY_NAME.test(file.replace(/\\/g, '/'));
}

/** A JSON document whose top level has apiVersion and a Workflow root is a release flow, whatever its name. */
export function looksLikeReleaseFlow(text: string): boolean {
  return /"apiVersion"\s*:/.test(text) && /"kind"\s*:\s*"Workflow"/.test(text);
}
