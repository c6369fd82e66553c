/**
 * The simulated platform of a repository, kept in its state folder beside the
 * run history (`.release-flow/platform.json`) so that every run, from the CLI
 * or the editor, sees what earlier runs built and deployed.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { atomicWrite, readJson, withLock } from '../runs/stateFiles';
import { asWorld, emptyWorld, trimWorld, type World, type WorldStore } from './world';

/** The world stored in `stateFolder`; an unreadable file is kept aside, never overwritten. */
export function worldFile(stateFolder: string): WorldStore {
  const file = path.join(stateFolder, 'platform.json');
  const lock = path.join(stateFolder, 'platform.lock');
  const load = async (): Promise<World> => {
    const read = await readJson(file);
    if (read === undefined) return emptyWorld();
    const world = 'value' in read ? asWorld(read.value) : undefined;
    if (!world) {
      const kept = `${file}.unreadable-${Date.now()}`;
      await fs.rename(file, kept);
      throw new Error(`${file} could not be read (${'error' in read ? read.error : 'not a platform state'}); it was kept as ${kept}. Run again to start from an empty simulated platform.`);
    }
    return world;
  };
  return {
    read: load,
    update: (change) =>
      withLock(lock, async () => {
        const world = await load();
        const result = change(world);
        trimWorld(world);
        await atomicWrite(file, JSON.stringify(world));
        return result;
      }),
  };
}
