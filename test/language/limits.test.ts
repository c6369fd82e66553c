import * as assert from 'node:assert/strict';
import { readSettings } from '../../core/language/settings';
import { MAX_JSON_DEPTH } from '../../core/validation/limits';
import { flowText, setup } from './helpers';

const FLOW = flowText(['"arguments": { "BRANCH": "main" }'], ['{ "kind": "Build", "ref": "build", "spec": { "id": "svc", "type": "service", "branch": "${args.BRANCH}" } }']);
const FORMAT = { tabSize: 2, insertSpaces: true };

/** Every feature of the service on `text`, as a client would ask for them; the log lines it wrote. */
async function everyFeature(text: string, maxFileSize?: number): Promise<{ answers: Record<string, unknown>; log: string[] }> {
  const log: string[] = [];
  const settings = maxFileSize === undefined ? undefined : readSettings({ maxFileSize }).settings;
  const { service, document } = setup(text, { log: (line) => log.push(line), ...(settings ? { settings } : {}) }, 'file:///repo/release-staging.json');
  const position = { line: 0, character: 1 };
  const range = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
  const answers: Record<string, unknown> = {
    formatting: service.format(document, undefined, FORMAT),
    rangeFormatting: service.format(document, range, FORMAT),
    folding: service.getFoldingRanges(document),
    symbols: service.findDocumentSymbols(document),
    selectionRanges: service.getSelectionRanges(document, [position]),
    semanticTokens: service.getSemanticTokens(document).data,
    codeLenses: service.getCodeLenses(document),
    codeActions: service.getCodeActions(document, range, { diagnostics: [] }),
    completion: (await service.doComplete(document, position)).items,
    hover: await service.doHover(document, position),
    definition: service.findDefinition(document, position),
    references: service.findReferences(document, position, true),
    highlights: service.findDocumentHighlights(document, position),
    prepareRename: service.prepareRename(document, position),
  };
  return { answers, log };
}

const nothing = (answers: Record<string, unknown>): string[] =>
  Object.entries(answers).filter(([, value]) => !(value === null || (Array.isArray(value) && value.length === 0))).map(([name]) => name);

describe('language features within the limits validation uses', () => {
  it(`a document nested deeper than ${MAX_JSON_DEPTH} levels: every feature answers nothing, and the log says why`, async () => {
    const depth = MAX_JSON_DEPTH + 100;
    const { answers, log } = await everyFeature('['.repeat(depth) + ']'.repeat(depth));
    assert.deepEqual(nothing(answers), []);
    assert.ok(log.some((line) => /formatting/.test(line) && new RegExp(`nests more than ${MAX_JSON_DEPTH} levels`).test(line)), log.join('\n'));
    assert.ok(log.length <= Object.keys(answers).length, 'one line per feature at most');
  });

  it('a document past releaseFlow.maxFileSize: every feature answers nothing, and the log says why', async () => {
    const { answers, log } = await everyFeature(FLOW, FLOW.length - 1);
    assert.deepEqual(nothing(answers), []);
    assert.ok(log.some((line) => /folding/.test(line) && /past the limit/.test(line)), log.join('\n'));
    const within = await everyFeature(FLOW, FLOW.length);
    assert.ok((within.answers.symbols as unknown[]).length > 0);
    assert.ok((within.answers.folding as unknown[]).length > 0);
  });

  it('formatting refuses when its result would be past the size limit (deep nesting multiplies indentation)', async () => {
    // 500 levels, within the depth limit: formatted, each of its 1,000 lines is indented by up to 1,000 spaces.
    const deep = `{"apiVersion": "v1.2", "x": ${'['.repeat(500)}${']'.repeat(500)}}`;
    const { answers, log } = await everyFeature(deep, 100_000);
    assert.deepEqual(answers.formatting, []);
    assert.ok(log.some((line) => /formatting/.test(line) && /formatted/.test(line)), log.join('\n'));
    const roomy = await everyFeature(deep, 10_000_000);
    assert.ok((roomy.answers.formatting as unknown[]).length > 0, 'formatted when the result fits');
  });
});
