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

/** Documents that the chunk service reads: one URI per chunk schema (core/schemaChunks.ts). */
export const CHUNK_URIS = { file: 'release-flow-chunk:///file.json', node: 'release-flow-chunk:///node.json' } as const;
const NODE_SCHEMA_ID = 'https://release-flow-studio.dev/schemas/release-flow-node.schema.json';

let chunks: LanguageService | undefined;

/**
 * The JSON language service that validates, completes and hovers schema chunks:
 * the file chunk against the whole schema, node chunks against
 * `#/definitions/node`. Whatever a document's `$schema` names resolves to the
 * release-flow schema too, as the CLI validates every flow against it.
 */
export function chunkLanguageService(): LanguageService {
  if (!chunks) {
    const schemaText = JSON.stringify(releaseFlowSchema);
    chunks = getLanguageService({ schemaRequestService: () => Promise.resolve(schemaText) });
    chunks.configure({
      validate: true,
      allowComments: false,
      schemas: [
        { uri: SCHEMA_ID, fileMatch: ['/file.json'], schema: releaseFlowSchema },
        { uri: NODE_SCHEMA_ID, fileMatch: ['/node.json'], schema: { $ref: `${SCHEMA_ID}#/definitions/node` } },
      ],
    });
  }
  return chunks;
}
