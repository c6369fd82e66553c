import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_DURATIONS, OutcomeBook, parseDuration, parseScenario } from '../../core/simulation/scenario';
import { examplesDir, repoRoot } from '../runner/helpers';

const schemaFile = path.join(repoRoot, 'schemas/scenario.schema.json');

async function schemaErrors(text: string): Promise<string[]> {
  const schema = JSON.parse(await fs.readFile(schemaFile, 'utf8')) as object;
  const service = getLanguageService({});
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: 'scenario://schema', fileMatch: ['*.scenario.json'], schema }] });
  // The examples point "$schema" at the file relatively, for editors; here the schema is given directly.
  const document = TextDocument.create('file:///x.scenario.json', 'json', 1, text.replace(/"\$schema":\s*"[^"]*",?/, ''));
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), { schemaValidation: 'error' });
  return diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

describe('runner: scenario files', () => {
  it('parses durations, retry delay, outcomes and resources', () => {
    const { scenario, errors } = parseScenario(JSON.stringify({
      durations: { Build: '90s', 'node:migrate': '2m', request: '250ms', JobRun: 30 },
      retryDelay: '5s',
      outcomes: [
        { match: { kind: 'Build', id: 'shop-builder' }, results: ['fail', 'fail', 'success'] },
        { match: { ref: 'migrate' }, results: [{ result: 'fail', message: 'boom' }] },
        { match: { ref: 'notify' }, results: ['error'], message: 'Slack is down' },
      ],
      resources: { 'addon:shop-db-prod': { notRunningFor: '120s', version: '16.4' }, 'service:api': { notRunningFor: 'forever', deployed: { imagePath: 'nginx:1.27' } } },
    }));
    assert.deepEqual(errors, []);
    assert.ok(scenario);
    assert.equal(scenario.durations.Build, 90_000);
    assert.equal(scenario.durations['node:migrate'], 120_000);
    assert.equal(scenario.durations.request, 250);
    assert.equal(scenario.durations.JobRun, 30_000, 'a number is seconds');
    assert.equal(scenario.durations.Release, DEFAULT_DURATIONS.Release, 'unset kinds keep their defaults');
    assert.equal(scenario.retryDelayMs, 5_000);
    assert.deepEqual(scenario.outcomes[2]?.results, [{ result: 'error', message: 'Slack is down' }]);
    assert.equal(scenario.resources['service:api']?.notRunningForMs, Infinity);
  });

  it('says what is wrong, where, with suggestions', () => {
    const { scenario, errors } = parseScenario(JSON.stringify({
      durations: { Biuld: '90s', Release: 'soon' },
      outcome: [],
      outcomes: [{ match: { kind: 'Buld' }, results: ['fial'] }, { match: {}, results: [] }],
      resources: { 'db:x': {}, 'addon:db': { deployed: { imagePath: 'x' } } },
      retryDelay: -1,
    }));
    assert.equal(scenario, undefined);
    assert.deepEqual(errors, [
      "outcome: unknown field. Did you mean 'outcomes'? Known fields: $schema, description, durations, retryDelay, outcomes, resources",
      "durations.Biuld: not a node kind, \"node:<ref>\", \"request\" or \"default\". Did you mean 'Build'?",
      'durations.Release: "soon" is not a duration (e.g. "90s", "2m", "500ms" or a number of seconds)',
      'retryDelay: number is not a duration (e.g. "5s", "2m", "500ms" or a number of seconds)',
      "outcomes[0].match.kind: 'Buld' is not a node kind. Did you mean 'Build'?",
      'outcomes[0].results[0]: "fial" is not a result; use "success", "fail" (the operation runs and fails) or "error" (the platform refuses it). Did you mean \'fail\'?',
      'outcomes[1].match: expected an object with at least one of ref, kind, id, found object',
      'outcomes[1].results: expected a non-empty array such as ["fail", "success"], found an array',
      'resources.db:x: keys are "service:<id>", "job:<id>" or "addon:<id>"',
      'resources.addon:db.deployed: addons are not deployed; only services and jobs are',
    ]);
    assert.match(parseScenario('{ "durations": ').errors[0] ?? '', /^invalid JSON at offset/);
    assert.deepEqual(parseScenario('[]').errors, ['a scenario is a JSON object, not an array']);
  });

  it('reads durations as ms, s, m, h or seconds', () => {
    assert.deepEqual(['250ms', '1.5s', '2m', '1h', 3, '0s'].map(parseDuration), [250, 1500, 120_000, 3_600_000, 3000, 0]);
    assert.deepEqual(['fast', '-1s', -2, '5 days'].map(parseDuration), [undefined, undefined, undefined, undefined]);
  });

  it('plays each rule per node: the last result repeats once the list is used up', () => {
    const { scenario } = parseScenario(JSON.stringify({ outcomes: [{ match: { kind: 'Build' }, results: ['fail', 'success'] }] }));
    const book = new OutcomeBook(scenario!);
    const a = { index: 1, ref: 'a', kind: 'Build' };
    const b = { index: 2, ref: 'b', kind: 'Build' };
    assert.deepEqual([book.next(a, []), book.next(b, []), book.next(a, []), book.next(a, [])].map((s) => s.result), ['fail', 'fail', 'success', 'success']);
    assert.equal(book.next({ index: 3, ref: 'c', kind: 'JobRun' }, []).result, 'success', 'unmatched nodes succeed');
  });

  it('the JSON schema accepts the example scenarios and rejects what the parser rejects', async () => {
    const folder = path.join(examplesDir, 'scenarios');
    const names = (await fs.readdir(folder)).filter((n) => n.endsWith('.json'));
    assert.ok(names.length >= 2);
    for (const name of names) {
      const text = await fs.readFile(path.join(folder, name), 'utf8');
      assert.deepEqual(parseScenario(text).errors, [], name);
      assert.deepEqual(await schemaErrors(text), [], name);
    }
    for (const bad of ['{ "durations": { "Build": "soon" } }', '{ "outcomes": [{ "match": {}, "results": ["fail"] }] }', '{ "outcomes": [{ "match": { "ref": "a" }, "results": ["fial"] }] }', '{ "resources": { "db": {} } }', '{ "retry": "1s" }']) {
      assert.notDeepEqual(parseScenario(bad).errors, [], bad);
      assert.notDeepEqual(await schemaErrors(bad), [], `the schema should reject ${bad}`);
    }
  });
});
