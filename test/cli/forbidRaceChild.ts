/**
 * `release-flow run` with the start decision held open (test only): after a
 * process has listed the flow's active runs, it waits until RACE_PROCESSES
 * processes have listed them too (or RACE_WAIT_MS passed). Without one lock
 * around the decision and the record, every process sees no active run and
 * starts one; with it, only one process at a time is between the two, so the
 * others wait for the lock and then see the first run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runFromProcess } from '../../cli/main';
import { RunStore } from '../../core/runs/store';

const folder = process.env.RACE_DIR as string;
const processes = Number(process.env.RACE_PROCESSES);
const waitMs = Number(process.env.RACE_WAIT_MS);
const original = RunStore.prototype.active;

RunStore.prototype.active = async function (this: RunStore, flowFile: string) {
  const found = await original.call(this, flowFile);
  await fs.writeFile(path.join(folder, `listed-${process.pid}`), '');
  const until = Date.now() + waitMs;
  while (Date.now() < until && (await fs.readdir(folder)).filter((name) => name.startsWith('listed-')).length < processes) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return found;
};

runFromProcess();
