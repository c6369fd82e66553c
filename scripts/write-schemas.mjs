// Writes schemas/*.json from their typed sources, compiled by `tsc -b` into out/:
// the release-flow schema (core/schema/generator/, node kinds from
// core/catalogue/kinds.ts) and the scenario schema (core/simulation/scenarioSchema.ts).
// Run by `npm run build` after tsc; a file is written only when its text changes.
// test/schema/generated.test.ts fails when a committed schema differs from its source.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Each generated schema: its path from the repository root, and its text as the sources build it now. */
export function generatedSchemas() {
  const text = (document) => JSON.stringify(document, null, 2) + '\n';
  return [
    { file: 'schemas/release-flow.schema.json', text: () => text(require(join(root, 'out/core/schema/generator/releaseFlowSchema.js')).releaseFlowSchemaDocument()) },
    { file: 'schemas/scenario.schema.json', text: () => text(require(join(root, 'out/core/simulation/scenarioSchema.js')).scenarioSchemaDocument()) },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const schema of generatedSchemas()) {
    const text = schema.text();
    // tsc copies the schemas into out/ (core requires them from there): keep that copy in step too.
    const source = join(root, schema.file);
    if (!existsSync(source) || readFileSync(source, 'utf8') !== text) {
      writeFileSync(source, text);
      console.log(`wrote ${schema.file} (${Buffer.byteLength(text)} bytes) from its source`);
    }
    const copy = join(root, 'out', schema.file);
    if (existsSync(copy) && readFileSync(copy, 'utf8') !== text) writeFileSync(copy, text);
  }
}
