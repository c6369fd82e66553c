/** Entry point VS Code calls in its extension host: runs every *.itest.js beside this file with mocha. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: true });
  for (const file of await fs.readdir(__dirname)) if (file.endsWith('.itest.js')) mocha.addFile(path.join(__dirname, file));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`)) : resolve()));
  });
}
