import { getLanguageService, type JSONSchema, type LanguageService } from 'vscode-json-languageservice';

export const SCHEMA_ID = 'https://release-flow-studio.dev/schemas/release-flow.schema.json';

/** The release-flow JSON Schema, bundled with the code. */
// A require keeps the compiler from inferring a literal type for the whole schema.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const releaseFlowSchema: JSONSchema = require('../schemas/release-flow.schema.json') as JSONSchema;

let shared: LanguageService | undefined;

/**
 * One vscode-json-languageservice instance configured with the release-flow
 * schema, shared by validation, and by completion and hover in the server.
 */
export function jsonLanguageService(): LanguageService {
  if (!shared) {
    shared = getLanguageService({ schemaRequestService: (uri) => Promise.reject(new Error(`Schemas are bundled; not fetching ${uri}`)) });
    shared.configure({ validate: true, allowComments: false, schemas: [{ uri: SCHEMA_ID, fileMatch: ['*'], schema: releaseFlowSchema }] });
  }
  return shared;
}
