import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunStore } from '../../core/runs/store';
import { flow, message, runVirtual } from './helpers';

const SECRET = 'hunter2-sekrit';

describe('runner: values derived from a secret are secrets', () => {
  let dir: string;
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rf-derived-'))));
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('fn.toUpper, fn.toBase64, fn.slice and chains of them are masked in events and in the record', async () => {
    const derived = [SECRET.toUpperCase(), Buffer.from(SECRET).toString('base64'), SECRET.slice(0, 6), Buffer.from(SECRET.toUpperCase()).toString('base64'), SECRET.slice(3, 12)];
    const text = flow(
      [
        message('notify', {
          spec: {
            kind: 'RAW_WEBHOOK',
            spec: {
              webhookUrl: 'https://hooks.example.com/x',
              message: '${fn.toUpper(args.DB_PASSWORD)}|${fn.toBase64(args.DB_PASSWORD)}|${fn.slice(args.DB_PASSWORD, 0, 6)}|${fn.toBase64(fn.toUpper(args.DB_PASSWORD))}|${fn.slice(args.DB_PASSWORD, 3, 12)}|x${args.DB_PASSWORD}y',
            },
          },
        }),
      ],
      { arguments: { DB_PASSWORD: '' } },
    );
    const { store } = await RunStore.open(dir);
    const run = await runVirtual(text, { store, secretArgs: { DB_PASSWORD: SECRET } });
    assert.equal(run.outcome.result, 'finished');
    const record = await store.get('latest');
    const shown = JSON.stringify(run.events) + JSON.stringify(record);
    assert.ok(shown.includes('********'), 'something was masked');
    for (const value of [SECRET, ...derived]) assert.ok(!shown.includes(value), `'${value}' is shown`);
    const onDisk = (await fs.readdir(path.join(dir, 'runs'))).map((name) => path.join(dir, 'runs', name));
    for (const file of onDisk) {
      const content = await fs.readFile(file, 'utf8');
      for (const value of [SECRET, ...derived]) assert.ok(!content.includes(value), `'${value}' is in ${path.basename(file)}`);
    }
  });
});
