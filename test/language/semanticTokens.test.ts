import * as assert from 'node:assert/strict';
import { setup } from './helpers';

/** Decodes LSP's relative token encoding into `text:type[.modifier...]` strings. */
function decode(text: string, data: number[], legend: { tokenTypes: string[]; tokenModifiers: string[] }): string[] {
  const lines = text.split('\n');
  const result: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const names = legend.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
    result.push([`${lines[line]!.slice(character, character + length)}:${legend.tokenTypes[type]}`, ...names].join('.'));
  }
  return result;
}

describe('semantic tokens', () => {
  const text = `{
  "arguments": { "ENV": "prod" },
  "spec": { "kind": "Workflow", "spec": { "type": "sequential", "steps": [
    { "kind": "Build", "ref": "build", "spec": { "id": "svc" } },
    { "kind": "JobRun", "spec": { "jobId": "\${fn.if(fn.eq(args.ENV, 'prod'), refs.build.sha, 3)}-\${template.refs.x.y}" } }
  ] } }
}`;

  it('colours refs, arguments, functions, properties and literals inside ${...}, and where refs and arguments are defined', () => {
    const { service, document } = setup(text);
    const tokens = service.getSemanticTokens(document);
    assert.deepEqual(decode(text, tokens.data, service.semanticTokensLegend), [
      'ENV:parameter.declaration',
      'build:variable.declaration.readonly',
      '${:operator',
      'fn:namespace',
      'if:function.defaultLibrary',
      'fn:namespace',
      'eq:function.defaultLibrary',
      'args:namespace',
      'ENV:parameter.readonly',
      "'prod':string",
      'refs:namespace',
      'build:variable.readonly',
      'sha:property',
      '3:number',
      '}:operator',
      '${:operator',
      'template:namespace',
      'refs:namespace',
      'x:variable.readonly',
      'y:property',
      '}:operator',
    ]);
  });

  it('limits tokens to a range', () => {
    const { service, document } = setup(text);
    const tokens = service.getSemanticTokens(document, { start: { line: 3, character: 0 }, end: { line: 3, character: 80 } });
    assert.deepEqual(decode(text, tokens.data, service.semanticTokensLegend), ['build:variable.declaration.readonly']);
  });
});
