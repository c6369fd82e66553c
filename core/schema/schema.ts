import { getLanguageService, type JSONSchema, type LanguageService } from 'vscode-json-languageservice';

import { SCHEMA_ID } from './id';

export { SCHEMA_ID };

// A require keeps the compiler from inferring a literal type for the whole schema.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundledSchema = require('../../schemas/release-flow.schema.json') as JSONSchema;

/** The schema's text, taken before anything could touch the object. */
const schemaText = JSON.stringify(bundledSchema);

/**
 * The release-flow JSON Schema, bundled with the code, for reading only: it is
 * frozen because vscode-json-languageservice resolves `$ref`s by rewriting the
 * schema objects it is given (recursive definitions become cycles). Hand the
 * language service `schemaForLanguageService()` instead.
 */
export const releaseFlowSchema: JSONSchema = deepFreeze(bundledSchema);

/** A private, mutable copy of the schema for one vscode-json-languageservice use. */
export function schemaForLanguageService(): JSONSchema {
  return JSON.parse(schemaText) as JSONSchema;
}

function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current !== null && typeof current === 'object' && !Object.isFrozen(current)) {
      Object.freeze(current);
      stack.push(...Object.values(current as Record<string, unknown>));
    }
  }
  return value;
}

let shared: LanguageService | undefined;
let sharedSchema: JSONSchema | undefined;

/**
 * The copy of the schema that `jsonLanguageService()` owns: pass it as
 * `doValidation`'s schema to validate against the release-flow schema even
 * when a document names another one in `"$schema"`.
 */
export function jsonLanguageServiceSchema(): JSONSchema {
  sharedSchema ??= schemaForLanguageService();
  return sharedSchema;
}

/**
 * One vscode-json-languageservice instance configured with the release-flow
 * schema, shared by validation, and by completion and hover in the server.
 */
export function jsonLanguageService(): LanguageService {
  if (!shared) {
    shared = getLanguageService({ schemaRequestService: (uri) => Promise.reject(new Error(`Schemas are bundled; not fetching ${uri}`)) });
    shared.configure({ validate: true, allowComments: false, schemas: [{ uri: SCHEMA_ID, fileMatch: ['*'], schema: jsonLanguageServiceSchema() }] });
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
    chunks = getLanguageService({ schemaRequestService: () => Promise.resolve(schemaText) });
    chunks.configure({
      validate: true,
      allowComments: false,
      schemas: [
        { uri: SCHEMA_ID, fileMatch: ['/file.json'], schema: schemaForLanguageService() },
        { uri: NODE_SCHEMA_ID, fileMatch: ['/node.json'], schema: { $ref: `${SCHEMA_ID}#/definitions/node` } },
      ],
    });
  }
  return chunks;
}
